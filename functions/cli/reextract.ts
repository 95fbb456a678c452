/**
 * `ceasefire-feed reextract [--dry-run] [--json] [--stage NAME]`: apply this checkout's extractor to every
 * stored article (`reextractAll`), then rebuild the feeds: the local stack through its publish endpoint,
 * a deployed stage by itself (its table stream drives the publish function).
 */
import { parseArgs } from 'node:util';
import { countedInto, emptyTally } from '#commons/extraction/extractor.ts';
import { readsLanguage } from '#commons/extraction/index.ts';
import { reextractAll, type ReextractSummary } from '#commons/pipeline/reextract.ts';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import { stageExtractor } from '#commons/pipeline/stage-extractor.ts';
import { formatModelUsage } from './extractor-options.ts';
import { describeRebuild, rebuildLocalFeeds } from './publish.ts';
import { stageOrLocal } from './stage.ts';

const HELP = `Usage: ceasefire-feed reextract [--dry-run] [--json] [--stage dev|staging|prod]

Runs the extractor of this checkout over every stored article and brings the stored developments in
line with it, as if every article had been ingested again: changed developments are recomputed from
the articles that report them, new ones are created, and developments no stored article reports any
more are deleted, so they leave the feeds. Articles in a language the extractor does not read are
not read, and counted as unsupported (as 'status' lists them); those it now reads are read. Running
it again changes nothing. Then the feeds are rebuilt.

Without --stage it works on the local stack started with 'npm start' (same PORT and DATA_DIR). With
--stage it works on that stage's table (AWS_PROFILE); run it from a checkout of the version deployed
there, and the stage's publish function rebuilds the feeds from the changes. It extracts as the
stage's ingest does: with the rules, or with the stage's Bedrock model, its cached answers and its
daily cap (a new model or prompt version pays for every article again, and --dry-run pays too).

Options:
  --dry-run   count what would change, write nothing
  --json      print { dryRun, articles, articlesRelinked, created, updated, removed, unchanged, unsupported, rebuild? }
              (rebuild, local stack only: { events, written, deleted })
  --stage S   a deployed stage instead of the local stack
`;

/** At most this many removed developments are listed one by one. */
const LISTED = 20;

export function formatSummary(summary: ReextractSummary, where: string): string {
  const would = summary.dryRun ? 'would be ' : '';
  const lines = [
    `${summary.dryRun ? 'Dry run, nothing written: re' : 'Re'}-extracted ${summary.articles} stored article${summary.articles === 1 ? '' : 's'} (${where}).`,
    `  created    ${summary.created.length}`,
    `  updated    ${summary.updated.length}`,
    `  removed    ${summary.removed.length}${summary.removed.length ? `  (no stored article reports them any more; ${would}deleted, so they leave the feeds)` : ''}`,
    `  unchanged  ${summary.unchanged}`,
    `  articles   ${summary.articlesRelinked} ${would}relinked to the developments they now report`,
  ];
  if (summary.unsupported) lines.push(`  ${summary.unsupported} article${summary.unsupported === 1 ? ' is' : 's are'} in a language the extractor does not read yet: not read (see status)`);
  if (summary.removed.length) {
    lines.push('', summary.dryRun ? 'Would remove:' : 'Removed:');
    for (const { id, headline } of summary.removed.slice(0, LISTED)) lines.push(`  ${id}  ${headline}`);
    if (summary.removed.length > LISTED) lines.push(`  ... and ${summary.removed.length - LISTED} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runReextract(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      stage: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dryRun = values['dry-run'];
  const { env, where, local } = await stageOrLocal(values.stage);
  const tally = emptyTally();
  let model: string | undefined;
  const summary = await withPipeline(env, (pipeline) => {
    const extractor = countedInto(tally, stageExtractor(pipeline));
    if (pipeline.config.extraction.backend === 'bedrock') model = pipeline.config.extraction.modelId;
    return reextractAll({ store: pipeline.store, extract: async (article) => (await extractor.extract(article)).events, reads: readsLanguage }, { dryRun });
  });
  if (model) process.stderr.write(`${formatModelUsage(tally, model)}\n`);
  const rebuild = local && !dryRun ? await rebuildLocalFeeds(local) : undefined;

  if (values.json) {
    const rebuilt = rebuild && { events: rebuild.events, written: rebuild.written, deleted: rebuild.removed };
    process.stdout.write(`${JSON.stringify({ ...summary, ...(rebuilt ? { rebuild: rebuilt } : {}) })}\n`);
    return 0;
  }
  process.stdout.write(formatSummary(summary, where));
  if (rebuild) {
    process.stdout.write(`${describeRebuild(rebuild)}\n${local!.feedBaseUrl}/feed.xml\n`);
    if (rebuild.removed.length) {
      process.stdout.write(`Deleted the files of feeds left without developments: ${rebuild.removed.join(', ')}\n`);
    }
  }
  else if (!local && !dryRun) {
    const changes = summary.created.length + summary.updated.length + summary.removed.length;
    process.stdout.write(changes ? 'The publish function rebuilds the feeds from these changes in a moment.\n' : 'The feeds need no rebuild.\n');
  }
  return 0;
}
