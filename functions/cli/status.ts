/**
 * `ceasefire-feed status [--json] [--stage NAME]`: what became of the dropped objects. `--json` prints
 * exactly { dropped, processed, rejected, pending, events, unsupported }; the readable form also lists
 * the rejected objects with their reasons, the articles in a language the extractor does not read yet,
 * the objects still waiting, and the followed sources that are failing.
 */
import { parseArgs } from 'node:util';
import { describeLanguage } from '#commons/articles/language.ts';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import { pipelineStatus, type PipelineCounts, type PipelineStatus } from '#commons/pipeline/status.ts';
import { type DailyUsage, DynamoDbModelLedger, usageDay } from '#commons/store/model-ledger.ts';
import { SourceRegistry, type Source } from '#commons/sources/registry.ts';
import { localStackEnv, type LocalStackState } from './local-stack.ts';
import { describeState } from './source-state.ts';
import { stageOrLocal } from './stage.ts';

const HELP = `Usage: ceasefire-feed status [--json] [--stage dev|staging|prod]

Counts the objects dropped under inbox/ and what became of them: processed, rejected (with the
reason), or pending (not ingested yet), and the developments found: all are on the page, and the feeds
carry those whose confidence reaches the stage's minimum (docs/feeds.md). It also counts and lists the
articles stored unread because the extractor does not read their language yet (unsupported); they
are kept, and 'reextract' reads them once it does. It names the followed sources that are failing
(objects the poller drops count as dropped). Without --stage it asks the local stack started with
'npm start' (same PORT and DATA_DIR). --json prints { dropped, processed, rejected, pending, events,
unsupported }. On a stage that extracts with Bedrock the readable form also shows today's model calls
against the daily cap, tokens, estimated cost and fallbacks.
`;

/** Today's model usage of a stage that extracts with Bedrock. */
interface ModelStatus {
  modelId: string;
  dailyModelCalls?: number;
  today: DailyUsage;
}

export async function localStatus(state: LocalStackState): Promise<PipelineStatus> {
  return statusFor(localStackEnv(state));
}

async function statusFor(env: NodeJS.ProcessEnv): Promise<PipelineStatus & { model?: ModelStatus }> {
  return withPipeline(env, async (pipeline) => {
    const status = await pipelineStatus({ s3: pipeline.s3, store: pipeline.store, inboxBucket: pipeline.config.inboxBucket });
    const { extraction, tableName } = pipeline.config;
    if (extraction.backend !== 'bedrock') return status;
    const day = usageDay(new Date());
    const usage = await new DynamoDbModelLedger({ client: pipeline.dynamo, tableName }).usageOn(day);
    const today = usage ?? { day, modelCalls: 0, inputTokens: 0, outputTokens: 0, estimatedCostMicroUsd: 0, fallbacks: 0, droppedEvents: 0, cachedResults: 0 };
    return { ...status, model: { modelId: extraction.modelId, ...(extraction.dailyModelCalls ? { dailyModelCalls: extraction.dailyModelCalls } : {}), today } };
  });
}

function formatModel({ modelId, dailyModelCalls, today: t }: ModelStatus): string[] {
  return [
    `  model        ${modelId}, today (${t.day} UTC): ${t.modelCalls}${dailyModelCalls ? ` of ${dailyModelCalls}` : ''} calls, ${t.cachedResults} answers from the cache,`,
    `               ${t.inputTokens} input / ${t.outputTokens} output tokens, about $${(t.estimatedCostMicroUsd / 1e6).toFixed(2)}; ${t.fallbacks} articles read by the rules instead, ${t.droppedEvents} developments refused`,
  ];
}

/** At most this many pending objects and unsupported articles are listed one by one. */
const LISTED = 20;

export function formatCounts(s: PipelineCounts): string {
  const unsupported = s.unsupported
    ? `; ${s.unsupported} article${s.unsupported === 1 ? '' : 's'} in a language the extractor does not read yet (stored, not read)`
    : '';
  return `${s.dropped} dropped: ${s.processed} processed, ${s.rejected} rejected, ${s.pending} pending; ${s.events} developments (all on the page; the feeds carry those that reach the minimum confidence)${unsupported}.`;
}

/** The followed sources, and which of them are failing, for the readable status. */
export function formatSourceHealth(sources: readonly Source[], now: number): string {
  if (sources.length === 0) return '';
  const failing = sources.filter((s) => s.failingSince);
  const lines = [``, `Sources: ${sources.length} followed, ${failing.length} failing${failing.length ? " ('sources list' shows them all)" : ''}`];
  for (const source of failing) lines.push(`  ${source.name}`, `      ${describeState(source, now)}`);
  return `${lines.join('\n')}\n`;
}

export function formatStatus(status: PipelineStatus & { model?: ModelStatus }, where: string): string {
  const lines = [
    `Ceasefire feed (${where})`,
    `  dropped      ${status.dropped}  objects under inbox/`,
    `  processed    ${status.processed}`,
    `  rejected     ${status.rejected}`,
    `  pending      ${status.pending}${status.pending ? '  (not ingested yet; they are picked up in a moment, or when the local stack starts)' : ''}`,
    `  events       ${status.events}  developments, all on the page; the feeds carry those that reach the minimum confidence`,
    `  unsupported  ${status.unsupported}  articles in a language the extractor does not read yet${status.unsupported ? ' (stored, not read; listed below)' : ''}`,
    ...(status.model ? formatModel(status.model) : []),
  ];
  if (status.rejectedObjects.length) {
    lines.push('', 'Rejected (the reports are in rejected/<key>.json in the inbox bucket):');
    for (const r of status.rejectedObjects) lines.push(`  ${r.key}`, `      ${r.reason}: ${r.detail}`);
  }
  if (status.unsupportedArticles.length) {
    lines.push('', "Unsupported language (the articles are kept; 'ceasefire-feed reextract' reads them once the extractor reads their language):");
    for (const a of status.unsupportedArticles.slice(0, LISTED)) lines.push(`  ${a.key}`, `      ${describeLanguage(a.language)}: ${a.title}`);
    if (status.unsupported > LISTED) lines.push(`  ... and ${status.unsupported - LISTED} more`);
  }
  if (status.pendingKeys.length) {
    lines.push('', 'Pending:');
    for (const key of status.pendingKeys.slice(0, LISTED)) lines.push(`  ${key}`);
    if (status.pendingKeys.length > LISTED) lines.push(`  ... and ${status.pendingKeys.length - LISTED} more`);
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
    const { dropped, processed, rejected, pending, events, unsupported } = status;
    process.stdout.write(`${JSON.stringify({ dropped, processed, rejected, pending, events, unsupported })}\n`);
  } else {
    const sources = await withPipeline(target.env, (pipeline) => new SourceRegistry(pipeline.dynamo, pipeline.config.tableName).list());
    process.stdout.write(formatStatus(status, target.where) + formatSourceHealth(sources, Date.now()));
  }
  return 0;
}
