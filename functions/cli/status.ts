/**
 * `ceasefire-feed status [--json] [--stage NAME]`: what became of the dropped objects. `--json` prints
 * exactly { dropped, processed, rejected, pending, events }; the readable form also lists the rejected
 * objects with their reasons, the objects still waiting, and the followed sources that are failing.
 */
import { parseArgs } from 'node:util';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import { pipelineStatus, type PipelineCounts, type PipelineStatus } from '#commons/pipeline/status.ts';
import { SourceRegistry, type Source } from '#commons/sources/registry.ts';
import { localStackEnv, type LocalStackState } from './local-stack.ts';
import { describeState } from './source-state.ts';
import { stageOrLocal } from './stage.ts';

const HELP = `Usage: ceasefire-feed status [--json] [--stage dev|staging|prod]

Counts the objects dropped under inbox/ and what became of them: processed, rejected (with the
reason), or pending (not ingested yet), and the developments in the feed, and names the followed
sources that are failing (objects the poller drops count as dropped). Without --stage it asks the
local stack started with 'npm start' (same PORT and DATA_DIR). --json prints
{ dropped, processed, rejected, pending, events }.
`;

export async function localStatus(state: LocalStackState): Promise<PipelineStatus> {
  return statusFor(localStackEnv(state));
}

async function statusFor(env: NodeJS.ProcessEnv): Promise<PipelineStatus> {
  return withPipeline(env, (pipeline) =>
    pipelineStatus({ s3: pipeline.s3, store: pipeline.store, inboxBucket: pipeline.config.inboxBucket }),
  );
}

export function formatCounts(s: PipelineCounts): string {
  return `${s.dropped} dropped: ${s.processed} processed, ${s.rejected} rejected, ${s.pending} pending; ${s.events} developments in the feed.`;
}

/** The followed sources, and which of them are failing, for the readable status. */
export function formatSourceHealth(sources: readonly Source[], now: number): string {
  if (sources.length === 0) return '';
  const failing = sources.filter((s) => s.failingSince);
  const lines = [``, `Sources: ${sources.length} followed, ${failing.length} failing${failing.length ? " ('sources list' shows them all)" : ''}`];
  for (const source of failing) lines.push(`  ${source.name}`, `      ${describeState(source, now)}`);
  return `${lines.join('\n')}\n`;
}

export function formatStatus(status: PipelineStatus, where: string): string {
  const lines = [
    `Ceasefire feed (${where})`,
    `  dropped    ${status.dropped}  objects under inbox/`,
    `  processed  ${status.processed}`,
    `  rejected   ${status.rejected}`,
    `  pending    ${status.pending}${status.pending ? '  (not ingested yet; they are picked up in a moment, or when the local stack starts)' : ''}`,
    `  events     ${status.events}  developments in the feed`,
  ];
  if (status.rejectedObjects.length) {
    lines.push('', 'Rejected (the reports are in rejected/<key>.json in the inbox bucket):');
    for (const r of status.rejectedObjects) lines.push(`  ${r.key}`, `      ${r.reason}: ${r.detail}`);
  }
  if (status.pendingKeys.length) {
    lines.push('', 'Pending:');
    for (const key of status.pendingKeys.slice(0, 20)) lines.push(`  ${key}`);
    if (status.pendingKeys.length > 20) lines.push(`  ... and ${status.pendingKeys.length - 20} more`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runStatus(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      stage: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const target = await stageOrLocal(values.stage);
  const status = await statusFor(target.env);
  if (values.json) {
    const { dropped, processed, rejected, pending, events } = status;
    process.stdout.write(`${JSON.stringify({ dropped, processed, rejected, pending, events })}\n`);
  } else {
    const sources = await withPipeline(target.env, (pipeline) => new SourceRegistry(pipeline.dynamo, pipeline.config.tableName).list());
    process.stdout.write(formatStatus(status, target.where) + formatSourceHealth(sources, Date.now()));
  }
  return 0;
}
