/**
 * `ceasefire-feed eval`: scores an extractor on a gold file exactly as ../shared/tools/score-extraction.mjs
 * does (functions/commons/extraction/evaluation.ts), in-process and with either backend, so a team can
 * measure a Bedrock model on our corpora from its own account before switching a stage to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluate, type FileExtraction, type GoldFile } from '#commons/extraction/evaluation.ts';
import { EXTRACTOR_HELP, EXTRACTOR_OPTIONS, extractorFromOptions, formatModelUsage } from './extractor-options.ts';
import { extractFile } from './extract.ts';

/** The shared seeds' gold file, beside the project (as the shared scorer defaults to). */
const SEEDS_GOLD = '../shared/corpus/gold.json';

const HELP = `Usage: ceasefire-feed eval [--extractor rules|bedrock] [--model ID] [--gold FILE] [--text-only] [--verbose]

Scores an extractor on a hand-labelled gold file (default ${SEEDS_GOLD}) with the checks and precision
of the shared scorer: one line per check, then precision:, the counts and score:. Exits 1 when a check fails.
--text-only ignores the articles' publication dates and checks the dates the text alone gives.
${EXTRACTOR_HELP}
With bedrock, the model calls, tokens and estimated cost are printed at the end.
Our corpora: --gold test/fixtures/corpus/gold.json, --gold test/fixtures/holdout/gold.json.
`;

export async function runEval(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      gold: { type: 'string', default: SEEDS_GOLD },
      'text-only': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      ...EXTRACTOR_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const goldPath = resolve(values.gold);
  if (!existsSync(goldPath)) {
    process.stderr.write(`No gold file at ${goldPath}.\n\n${HELP}`);
    return 2;
  }
  const chosen = extractorFromOptions(values);
  if (typeof chosen === 'string') {
    process.stderr.write(`${chosen}\n`);
    return 2;
  }
  const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as GoldFile;
  const base = dirname(goldPath);
  const extract = async (file: string, published?: string): Promise<FileExtraction> => {
    try {
      return await extractFile(resolve(base, file), published ? { published } : {}, { extractor: chosen.extractor });
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
  const result = await evaluate(gold, extract, { textOnly: values['text-only'], verbose: values.verbose });
  process.stdout.write(`${result.lines.join('\n')}\n`);
  if (chosen.modelId) process.stdout.write(`${formatModelUsage(chosen.tally, chosen.modelId)}\n`);
  return result.failed === 0 ? 0 : 1;
}
