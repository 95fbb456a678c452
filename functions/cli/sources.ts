/**
 * `ceasefire-feed sources list|add|remove|poll|import|export [--stage S]`: the publishers' feeds a stage
 * follows. The list lives in the stage's table (the local stack's, or a deployed stage's with --stage
 * and the AWS profile), so following a feed needs no deploy. `poll` runs one round now: the local stack
 * runs it (with its own settings, ALLOW_PRIVATE_SOURCES included), a stage's poll function is invoked.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import {
  defaultSourceName,
  keywordList,
  parseSourceDefinition,
  SourceDefinitionError,
  type SourceDefinition,
} from '#commons/sources/definition.ts';
import type { PollRound, SourceOutcome } from '#commons/sources/poll.ts';
import { sourcesFromYaml, sourcesToYaml } from '#commons/sources/yaml-list.ts';
import { SourceRegistry, type Source } from '#commons/sources/registry.ts';
import { POLL_DEFAULTS } from '#commons/sources/settings.ts';
import { callLocalStack, CONTROL, localEnvPrefix, type LocalStackState } from './local-stack.ts';
import { stageOrLocal, stageOutputs } from './stage.ts';
import { describeState, utcTime } from './source-state.ts';
import { formatCounts, localStatus } from './status.ts';

const HELP = `Usage: ceasefire-feed sources <command> [options] [--stage dev|staging|prod]

The publishers' feeds (RSS or Atom) the feed follows by itself: every ${POLL_DEFAULTS.intervalMinutes} minutes each is
read, and each new item goes into the inbox like a dropped file (its article page when the item is only a
summary). Without --stage the commands work on the local stack started with 'npm start' (same PORT and
DATA_DIR); with --stage on that deployed stage (AWS_PROFILE). See docs/sources.md.

Commands:
  list [--json]                        the sources, with when each was last polled and its last error
  add URL [--name N] [--publisher P] [--keywords a,b]
                                       follow a feed; --keywords keeps only items that mention one of them
  remove NAME                          stop following a source
  poll [--json] [--wait]               poll every source now and print what was found; --wait (local
                                       stack) waits until the new items are ingested and in the feed
  import FILE [--prune]                add and update the sources of a YAML list (the format of
                                       'export'); --prune also removes the sources it does not name
  export                               print the sources as a YAML list, to keep under version control
`;

export async function runSources(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      stage: { type: 'string' },
      name: { type: 'string' },
      publisher: { type: 'string' },
      keywords: { type: 'string' },
      json: { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const usage = (message: string) => {
    process.stderr.write(`${message}\n\n${HELP}`);
    return 2;
  };
  const expected = { list: 0, add: 1, remove: 1, poll: 0, import: 1, export: 0 } as Record<string, number>;
  if (!(command in expected)) return usage(`Unknown sources command '${command}'.`);
  if (rest.length !== expected[command]) {
    return usage(`'sources ${command}' takes ${expected[command] ? `one ${command === 'import' ? 'FILE' : command === 'add' ? 'URL' : 'NAME'}` : 'no argument'}.`);
  }

  let definition: SourceDefinition | undefined;
  let list: SourceDefinition[] | undefined;
  try {
    if (command === 'add') definition = definitionFromArgs(rest[0]!, values);
    if (command === 'import') list = sourcesFromYaml(await readFile(rest[0]!, 'utf8'), rest[0]!);
  } catch (error) {
    if (!(error instanceof SourceDefinitionError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }

  const target = await stageOrLocal(values.stage);
  if (command === 'poll') return poll(target, values.stage, { json: values.json, wait: values.wait });
  return withPipeline(target.env, async (pipeline) => {
    const registry = new SourceRegistry(pipeline.dynamo, pipeline.config.tableName);
    switch (command) {
      case 'list': {
        const sources = await registry.list();
        process.stdout.write(values.json ? `${JSON.stringify(sources, null, 2)}\n` : formatSources(sources, target.where, Date.now()));
        return 0;
      }
      case 'add':
        return add(registry, definition!, target);
      case 'remove': {
        const removed = await registry.remove(rest[0]!);
        if (!removed) {
          process.stderr.write(`No source named '${rest[0]}' (${target.where}); 'sources list' shows the names.\n`);
          return 1;
        }
        process.stdout.write(`No longer following ${rest[0]} (${target.where}). What it brought stays in the feed.\n`);
        return 0;
      }
      case 'import':
        return importList(registry, list!, { file: rest[0]!, prune: values.prune, where: target.where });
      default:
        process.stdout.write(sourcesToYaml(await registry.list()));
        return 0;
    }
  });
}

function definitionFromArgs(url: string, values: { name?: string | undefined; publisher?: string | undefined; keywords?: string | undefined }): SourceDefinition {
  let name = values.name;
  if (name === undefined) {
    try {
      name = defaultSourceName(url);
    } catch {
      name = 'source';
    }
  }
  return parseSourceDefinition({
    name,
    url,
    ...(values.publisher !== undefined ? { publisher: values.publisher } : {}),
    ...(values.keywords !== undefined ? { keywords: keywordList(values.keywords) } : {}),
  });
}

type Target = Awaited<ReturnType<typeof stageOrLocal>>;

async function add(registry: SourceRegistry, definition: SourceDefinition, target: Target): Promise<number> {
  const sources = await registry.list();
  const same = sources.find((s) => s.name === definition.name);
  if (same) {
    process.stderr.write(`A source named '${definition.name}' is followed already (${same.url}). Remove it first, or give this one another --name.\n`);
    return 1;
  }
  const sameUrl = sources.find((s) => s.url === definition.url);
  if (sameUrl) {
    process.stderr.write(`${definition.url} is followed already, as '${sameUrl.name}'.\n`);
    return 1;
  }
  await registry.add(definition, new Date().toISOString());
  const filter = definition.keywords?.length ? `, keeping items that mention ${definition.keywords.join(', ')}` : '';
  const when = target.local
    ? `The local stack polls it every ${POLL_DEFAULTS.intervalMinutes} minutes; to poll now: ${localEnvPrefix(target.local)}npx ceasefire-feed sources poll`
    : `The poll function of this stage polls it on its next round; to poll now: npx ceasefire-feed sources poll --stage ${target.where.replace(/^stage /, '')}`;
  process.stdout.write(`Following ${definition.name}: ${definition.url}${filter} (${target.where}).\n${when}\n`);
  return 0;
}

async function importList(registry: SourceRegistry, list: SourceDefinition[], options: { file: string; prune: boolean; where: string }): Promise<number> {
  const current = new Map((await registry.list()).map((s) => [s.name, s]));
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  const at = new Date().toISOString();
  for (const definition of list) {
    const existing = current.get(definition.name);
    current.delete(definition.name);
    if (!existing) {
      await registry.add(definition, at);
      added.push(definition.name);
    } else if (sameDefinition(existing, definition)) {
      unchanged++;
    } else {
      await registry.redefine(definition, existing.url !== definition.url);
      changed.push(definition.name);
    }
  }
  const others = [...current.keys()];
  if (options.prune) for (const name of others) await registry.remove(name);
  const named = (names: string[]) => (names.length ? ` (${names.join(', ')})` : '');
  const lines = [
    `Imported ${list.length} source${list.length === 1 ? '' : 's'} from ${options.file} (${options.where}): ` +
      `${added.length} added${named(added)}, ${changed.length} changed${named(changed)}, ${unchanged} unchanged.`,
  ];
  if (others.length) {
    lines.push(options.prune ? `Removed ${others.length} not in the file${named(others)}.` : `Not in the file, still followed${named(others)}; --prune removes them.`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function sameDefinition(a: SourceDefinition, b: SourceDefinition): boolean {
  return a.url === b.url && (a.publisher ?? '') === (b.publisher ?? '') && JSON.stringify(a.keywords ?? []) === JSON.stringify(b.keywords ?? []);
}

async function poll(target: Target, stage: string | undefined, options: { json: boolean; wait: boolean }): Promise<number> {
  const round = target.local ? await callLocalStack<PollRound>(target.local, CONTROL.poll, { method: 'POST' }) : await invokeStagePoll(stage!);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(round, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(formatRound(round, target.where));
  if (target.local && round.dropped) await reportLocalFeed(target.local, options.wait);
  if (!target.local && round.dropped) process.stdout.write('Ingest takes the new items from the inbox, and the feed shows their developments in a moment.\n');
  return 0;
}

async function reportLocalFeed(local: LocalStackState, wait: boolean): Promise<void> {
  if (!wait) {
    process.stdout.write(`The feed updates in a moment: ${local.feedBaseUrl}/feed.xml (progress: ${localEnvPrefix(local)}npx ceasefire-feed status)\n`);
    return;
  }
  await callLocalStack(local, CONTROL.idle);
  process.stdout.write(`Ingested and published. ${formatCounts(await localStatus(local))}\nFeed: ${local.feedBaseUrl}/feed.xml\n`);
}

/** One round by the stage's poll function, synchronously (its result is the round). */
async function invokeStagePoll(stage: string): Promise<PollRound> {
  const outputs = await stageOutputs(stage);
  if (!outputs.pollFunctionName) throw new Error(`The ${stage} stack has no PollFunctionName output; deploy this version first.`);
  // Loaded only for --stage.
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const client = new LambdaClient({});
  try {
    const out = await client.send(new InvokeCommand({ FunctionName: outputs.pollFunctionName, Payload: JSON.stringify({ action: 'poll' }) }));
    const payload = new TextDecoder().decode(out.Payload);
    if (out.FunctionError) {
      const error = JSON.parse(payload || '{}') as { errorMessage?: string };
      throw new Error(`The poll function failed: ${error.errorMessage ?? payload}`);
    }
    return JSON.parse(payload) as PollRound;
  } catch (error) {
    if ((error as Error).name === 'TooManyRequestsException') {
      throw new Error(`A polling round is running on stage ${stage} (one runs at a time); try again in a few minutes.`);
    }
    throw error;
  } finally {
    client.destroy();
  }
}

/** The readable `sources list`. */
export function formatSources(sources: readonly Source[], where: string, now: number): string {
  if (sources.length === 0) {
    return `No sources followed (${where}). Follow a feed with: npx ceasefire-feed sources add FEED-URL\n`;
  }
  const width = Math.max(...sources.map((s) => s.name.length));
  const pad = ' '.repeat(width + 4);
  const lines = [`${sources.length} source${sources.length === 1 ? '' : 's'} followed (${where}):`, ''];
  for (const source of sources) {
    lines.push(`  ${source.name.padEnd(width)}  ${source.url}`);
    const about = [source.publisher ? `publisher ${source.publisher}` : '', source.keywords?.length ? `keywords ${source.keywords.join(', ')}` : ''].filter(Boolean);
    if (about.length) lines.push(`${pad}${about.join('; ')}`);
    lines.push(`${pad}${describeState(source, now)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The readable result of `sources poll`. */
export function formatRound(round: PollRound, where: string): string {
  if (round.sources.length === 0) return `No sources followed (${where}). Follow a feed with: npx ceasefire-feed sources add FEED-URL\n`;
  const seconds = ((Date.parse(round.finishedAt) - Date.parse(round.startedAt)) / 1000).toFixed(1);
  const width = Math.max(...round.sources.map((o) => o.source.length));
  const lines = [
    `Polled ${round.sources.length} source${round.sources.length === 1 ? '' : 's'} (${where}) in ${seconds} s: ${round.dropped} new item${round.dropped === 1 ? '' : 's'}` +
      `${round.failed ? `, ${round.failed} failed` : ''}.`,
  ];
  for (const outcome of round.sources) {
    lines.push(`  ${outcome.source.padEnd(width)}  ${describeOutcome(outcome)}`);
    if (outcome.state === 'polled') {
      for (const item of outcome.dropped) {
        lines.push(`  ${' '.repeat(width)}    + ${item.title}`, `  ${' '.repeat(width)}      ${item.key} (${item.from === 'page' ? 'the article page' : `the feed item${item.note ? `: ${item.note}` : ''}`})`);
      }
    }
  }
  if (round.failingForADay.length) lines.push('', `Failing for a day or more: ${round.failingForADay.join(', ')} ('sources list' shows their errors).`);
  return `${lines.join('\n')}\n`;
}

function describeOutcome(outcome: SourceOutcome): string {
  switch (outcome.state) {
    case 'polled': {
      if (outcome.notModified) return 'not modified since the last poll (304)';
      const parts = [`${outcome.dropped.length} new item${outcome.dropped.length === 1 ? '' : 's'}`];
      if (outcome.filtered) parts.push(`${outcome.filtered} left out by its keywords`);
      if (outcome.left) parts.push(`${outcome.left} more next round`);
      return parts.join('; ');
    }
    case 'failed':
      return `FAILED (${outcome.error.kind}): ${outcome.error.message}`;
    case 'waiting':
      return `not asked: it asked to wait until ${utcTime(outcome.until)}`;
    case 'deferred':
      return 'not reached: the round ran out of time; next round';
  }
}
