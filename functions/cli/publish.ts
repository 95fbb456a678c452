/**
 * `ceasefire-feed publish [--full] [--json]`: rebuild the feeds of the local stack now. The running stack
 * does the rebuild (after any rebuild in progress), with the same code as the publish function; objects
 * are written only where their bytes change, so ETag and Last-Modified stay put when nothing changed.
 */
import { parseArgs } from 'node:util';
import type { PublishResult } from '#commons/pipeline/publish-feeds.ts';
import { callLocalStack, CONTROL, findLocalStack, type LocalStackState } from './local-stack.ts';

const HELP = `Usage: ceasefire-feed publish [--full] [--json]

Rebuilds the feeds of the local stack started with 'npm start' (same PORT and DATA_DIR) from the
stored developments. --full renders every page instead of only the changed ones (files whose bytes
did not change are still not rewritten). --json prints the result.
On AWS the publish function rebuilds by itself after every change.
`;

export async function runPublish(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const state = await findLocalStack();
  const result = await rebuildLocalFeeds(state, { full: values.full });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  process.stdout.write(`${describeRebuild(result)}\n${state.feedBaseUrl}/feed.xml\n`);
  return 0;
}

/** Ask the running local stack to rebuild its feeds now (after any rebuild in progress). */
export function rebuildLocalFeeds(state: LocalStackState, options: { full?: boolean } = {}): Promise<PublishResult> {
  return callLocalStack<PublishResult>(state, `${CONTROL.publish}${options.full ? '?full=1' : ''}`, { method: 'POST' });
}

/** One line on what a rebuild did. */
export function describeRebuild(result: PublishResult): string {
  const written = result.written.length ? `wrote ${result.written.join(', ')}` : 'no file changed';
  return (
    `Rebuilt the feeds from ${result.events} development${result.events === 1 ? '' : 's'} in ${result.timings.totalMs} ms: ${written}` +
    `${result.unchanged ? ` (${result.unchanged} rendered file${result.unchanged === 1 ? '' : 's'} unchanged)` : ''}.`
  );
}
