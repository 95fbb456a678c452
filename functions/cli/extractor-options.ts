/**
 * `--extractor rules|bedrock` and `--model ID`, shared by `extract` and `eval`; and the line that says
 * what a Bedrock run cost. Bedrock uses the AWS profile and region of the environment (AWS_PROFILE,
 * AWS_REGION), and is loaded only when asked for.
 */
import { countedInto, createExtractor, emptyTally, type ExtractionTally, type Extractor } from '#commons/extraction/extractor.ts';
import { DEFAULT_MODEL_ID, priceOf } from '#commons/extraction/bedrock/models.ts';

export const EXTRACTOR_OPTIONS = {
  extractor: { type: 'string', default: 'rules' },
  model: { type: 'string' },
} as const;

export const EXTRACTOR_HELP = `--extractor rules (the default: offline, deterministic) or bedrock (a model on Amazon Bedrock, with
your AWS profile and region; --model picks it, default ${DEFAULT_MODEL_ID}).`;

/** An extractor that also counts what it did, or what is wrong with the options. */
export function extractorFromOptions(values: { extractor?: string; model?: string }): { extractor: Extractor; tally: ExtractionTally; modelId?: string } | string {
  const tally = emptyTally();
  const counted = (inner: Extractor) => countedInto(tally, inner);
  if (values.extractor === 'rules' || values.extractor === undefined) {
    if (values.model) return '--model goes with --extractor bedrock.';
    return { extractor: counted(createExtractor({ backend: 'rules' })), tally };
  }
  if (values.extractor !== 'bedrock') return `--extractor is rules or bedrock, not '${values.extractor}'.`;
  const modelId = values.model ?? DEFAULT_MODEL_ID;
  return { extractor: counted(createExtractor({ backend: 'bedrock', modelId })), tally, modelId };
}

/** What a Bedrock run cost: calls, tokens, and the estimate at the model's list price. */
export function formatModelUsage(tally: ExtractionTally, modelId: string): string {
  const price = priceOf(modelId);
  const cost = price
    ? `estimated cost $${tally.estimatedCostUsd.toFixed(4)} at $${price.inputPerMillion} / $${price.outputPerMillion} per million input / output tokens`
    : `no list price for ${modelId} in functions/commons/extraction/bedrock/models.json, so no cost estimate`;
  const perThousand = price && tally.articles ? `; $${((tally.estimatedCostUsd / tally.articles) * 1000).toFixed(2)} per 1,000 articles like these` : '';
  return [
    `bedrock ${modelId}: ${tally.articles} article(s), ${tally.modelCalls} model call(s), ${tally.fallbacks} fallback(s) to the rules, ${tally.droppedEvents} event(s) dropped by verification`,
    `tokens: ${tally.inputTokens} input, ${tally.outputTokens} output; ${cost}${perThousand}`,
  ].join('\n');
}
