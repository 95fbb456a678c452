/**
 * The extractor contract: an article in, the developments it reports out, with the backend that read it.
 * `rules` (the default, deterministic and offline) wraps `extractEvents`; `bedrock` asks a model on
 * Amazon Bedrock and verifies its answer (./bedrock/). The Bedrock code, and the AWS client it needs,
 * is loaded on the first article it is asked to read, so `extract` and the local stack never load it.
 */
import type { Article, CeasefireEvent, ExtractorBackend, ExtractorInfo, FallbackReason } from '#schemas/event.ts';
import type { ModelLedger } from '#commons/store/model-ledger.ts';
import { extractEvents } from './index.ts';

/** What one article's extraction cost in model calls and tokens (Bedrock only). */
export interface ModelUsage {
  /** Converse requests sent (a repair turn after invalid output is a second one). */
  calls: number;
  /** The answer came from the cache: nothing was paid for it now. */
  cached: boolean;
  inputTokens: number;
  outputTokens: number;
  /** At the model's list price (bedrock/models.json); absent when the price is not listed. */
  estimatedCostUsd?: number;
}

/** Something the model answered that verification refused, and why. */
export interface Refusal {
  /** `answer`: the whole answer, which did not parse even after the repair turn. */
  what: 'answer' | 'event' | 'actor' | 'person' | 'role' | 'place' | 'date';
  reason: string;
  detail: string;
}

export interface Extraction {
  /** Who produced `events`: `rules` also when Bedrock was chosen but fell back (see `fallback`). */
  backend: ExtractorBackend;
  events: CeasefireEvent[];
  fallback?: FallbackReason;
  /** Present when the Bedrock backend handled the article, whether or not it called the model. */
  usage?: ModelUsage;
  /** What verification refused in the model's answer. */
  refused?: Refusal[];
}

export interface Extractor {
  /** The backend this extractor was set up with. */
  readonly backend: ExtractorBackend;
  extract(article: Article): Promise<Extraction>;
}

/** Which extractor a stage, the CLI or a test runs. */
export type ExtractorSettings =
  | { backend: 'rules' }
  | {
      backend: 'bedrock';
      /** A foundation model id or an inference profile id (`global.anthropic.claude-haiku-...`). */
      modelId: string;
      /** Converse requests allowed per UTC day; enforced through the ledger, so only where there is one. */
      dailyModelCalls?: number;
      /** Milliseconds before one Converse request counts as timed out (the SDK retries it once). */
      requestTimeoutMs?: number;
    };

export interface ExtractorDeps {
  /** Cache, daily cap and counters in the stage's table; without it (the CLI) nothing is cached or capped. */
  ledger?: ModelLedger;
}

/** Each event records who read it. */
export function stampExtractor(events: readonly CeasefireEvent[], extractor: ExtractorInfo): CeasefireEvent[] {
  return events.map((event) => ({ ...event, extractor }));
}

/** The rules, and the events they give marked as theirs (with why, when they stand in for Bedrock). */
export function extractWithRules(article: Article, fallback?: FallbackReason): Extraction {
  const extractor: ExtractorInfo = fallback ? { backend: 'rules', fallback } : { backend: 'rules' };
  return { backend: 'rules', events: stampExtractor(extractEvents(article), extractor), ...(fallback ? { fallback } : {}) };
}

export const rulesExtractor: Extractor = {
  backend: 'rules',
  extract: async (article) => extractWithRules(article),
};

export function createExtractor(settings: ExtractorSettings, deps: ExtractorDeps = {}): Extractor {
  if (settings.backend === 'rules') return rulesExtractor;
  let loaded: Promise<Extractor> | undefined;
  const load = () =>
    (loaded ??= import('./bedrock/bedrock-extractor.ts').then(({ createBedrockExtractor }) =>
      createBedrockExtractor({ ...settings, ...deps }),
    ));
  return { backend: 'bedrock', extract: async (article) => (await load()).extract(article) };
}

/** Totals over many extractions, for metrics and for `eval`. */
export interface ExtractionTally {
  articles: number;
  modelCalls: number;
  cachedResults: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum over the extractions whose model has a listed price. */
  estimatedCostUsd: number;
  fallbacks: number;
  droppedEvents: number;
}

export function emptyTally(): ExtractionTally {
  return { articles: 0, modelCalls: 0, cachedResults: 0, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0, fallbacks: 0, droppedEvents: 0 };
}

export function addToTally(tally: ExtractionTally, extraction: Extraction): ExtractionTally {
  const usage = extraction.usage;
  tally.articles += 1;
  tally.modelCalls += usage?.calls ?? 0;
  tally.cachedResults += usage?.cached ? 1 : 0;
  tally.inputTokens += usage?.inputTokens ?? 0;
  tally.outputTokens += usage?.outputTokens ?? 0;
  tally.estimatedCostUsd += usage?.estimatedCostUsd ?? 0;
  tally.fallbacks += extraction.fallback ? 1 : 0;
  tally.droppedEvents += extraction.refused?.filter((r) => r.what === 'event').length ?? 0;
  return tally;
}

/** The same extractor, adding each of its extractions to `tally`. */
export function countedInto(tally: ExtractionTally, inner: Extractor): Extractor {
  return {
    backend: inner.backend,
    extract: async (article) => {
      const extraction = await inner.extract(article);
      addToTally(tally, extraction);
      return extraction;
    },
  };
}
