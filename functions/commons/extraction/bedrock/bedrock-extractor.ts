/**
 * The Bedrock backend. For one article:
 * 1. the rules decide relevance first: an article without truce vocabulary in context costs no call;
 * 2. a cached answer (same article, model and prompt version) is used without a call;
 * 3. otherwise one Converse request (the daily cap reserved first), and one repair turn when the
 *    answer does not parse; the SDK retries throttling, 5xx and timeouts once;
 * 4. the answer is verified against the article (./verify.ts) and becomes events;
 * 5. past the cap, on throttling, timeouts, an unavailable model, or invalid output after the repair
 *    turn, the rules read the article and their events say why (`extractor.fallback`).
 * Errors that retrying cannot mend (access denied, an unknown model) are thrown: the message is retried
 * and lands in the dead-letter queue, so a misconfigured stage is loud, not silently rule-based.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { BedrockRuntimeClient, ConverseCommandOutput, Message } from '@aws-sdk/client-bedrock-runtime';
import { type Article, type ExtractionToolInput, ExtractionToolInputSchema, type ExtractorInfo, type FallbackReason } from '#schemas/event.ts';
import type { CachedModelResult, ModelLedger } from '#commons/store/model-ledger.ts';
import { usageDay } from '#commons/store/usage-day.ts';
import { referenceDate } from '../dates.ts';
import { type Extraction, type Extractor, extractWithRules, type ModelUsage } from '../extractor.ts';
import { isCeasefireArticle } from '../index.ts';
import { converseInput, firstTurn, PROMPT_VERSION, readAnswer, tokensOf } from './conversation.ts';
import { estimateCostUsd } from './models.ts';
import { verifyAnswer } from './verify.ts';

/** Long enough for a long article's answer from a small model, short enough that two attempts fit the function's timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The first try and one retry (SDK standard mode: throttling, 5xx and timeouts); then the rules. */
export const MODEL_MAX_ATTEMPTS = 2;
const CONNECTION_TIMEOUT_MS = 5_000;

export interface BedrockExtractorOptions {
  modelId: string;
  dailyModelCalls?: number;
  requestTimeoutMs?: number;
  ledger?: ModelLedger;
  /** Region and credentials from the environment (Lambda role, AWS profile) unless given. */
  client?: BedrockRuntimeClient;
  now?: () => Date;
}

/**
 * The SDK is loaded when the first Bedrock extractor is made: the bundles keep `@aws-sdk/*` external,
 * and loading it with the module would cost every cold start, also of stages that extract with the rules.
 * With require(), as commons/aws/sdk.ts loads the others and for the same reason (no ESM export scan).
 */
const require = createRequire(import.meta.url);
const loadSdk = () => require('@aws-sdk/client-bedrock-runtime') as typeof import('@aws-sdk/client-bedrock-runtime');

export async function createBedrockClient(requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<BedrockRuntimeClient> {
  const { BedrockRuntimeClient } = loadSdk();
  return new BedrockRuntimeClient({
    maxAttempts: MODEL_MAX_ATTEMPTS,
    requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: CONNECTION_TIMEOUT_MS },
  });
}

/** The cache key: article content, model and prompt version. */
export function resultKey(article: Article, modelId: string): string {
  return createHash('sha256').update(`${article.id}\n${modelId}\n${PROMPT_VERSION}`).digest('hex');
}

const THROTTLED = new Set(['ThrottlingException', 'ServiceQuotaExceededException', 'TooManyRequestsException']);
const TIMED_OUT = new Set(['TimeoutError', 'ModelTimeoutException', 'RequestTimeout', 'RequestTimeoutException']);
const UNAVAILABLE = new Set(['ServiceUnavailableException', 'InternalServerException', 'ModelNotReadyException', 'ModelErrorException']);

/** Which errors the rules stand in for; anything else (access, validation, an unknown model) is thrown. */
export function fallbackReasonOf(error: unknown): FallbackReason | undefined {
  const name = error instanceof Error ? error.name : '';
  if (THROTTLED.has(name)) return 'throttled';
  if (TIMED_OUT.has(name)) return 'timeout';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode ?? 0;
  if (UNAVAILABLE.has(name) || status >= 500) return 'unavailable';
  return undefined;
}

type Turn = { output: ConverseCommandOutput } | { fallback: FallbackReason };
type Asked = { toolInput: ExtractionToolInput } | { invalid: string } | { fallback: FallbackReason };

export async function createBedrockExtractor(options: BedrockExtractorOptions): Promise<Extractor> {
  const { modelId, ledger, dailyModelCalls } = options;
  const { ConverseCommand } = loadSdk();
  const client = options.client ?? (await createBedrockClient(options.requestTimeoutMs));
  const now = options.now ?? (() => new Date());
  const info: ExtractorInfo = { backend: 'bedrock', model: modelId, promptVersion: PROMPT_VERSION };

  async function extract(article: Article): Promise<Extraction> {
    const usage: ModelUsage = { calls: 0, cached: false, inputTokens: 0, outputTokens: 0 };
    if (!isCeasefireArticle(article)) return { backend: 'rules', events: [], usage };
    const day = usageDay(now());
    const key = resultKey(article, modelId);
    const reference = referenceDate(article);

    const send = async (messages: Message[]): Promise<Turn> => {
      if (ledger && dailyModelCalls !== undefined && !(await ledger.reserveModelCall(day, dailyModelCalls))) return { fallback: 'daily-cap' };
      usage.calls += 1;
      try {
        const output = await client.send(new ConverseCommand(converseInput(modelId, messages)));
        const tokens = tokensOf(output.usage);
        usage.inputTokens += tokens.inputTokens;
        usage.outputTokens += tokens.outputTokens;
        return { output };
      } catch (error) {
        const fallback = fallbackReasonOf(error);
        if (!fallback) throw error;
        return { fallback };
      }
    };

    // One request, and one repair turn that shows the model what did not parse.
    const ask = async (): Promise<Asked> => {
      const messages = firstTurn(article, reference.ref);
      const first = await send(messages);
      if ('fallback' in first) return first;
      const read = readAnswer(messages, first.output);
      if (read.ok) return read;
      const second = await send(read.retry);
      if ('fallback' in second) return second;
      const reread = readAnswer(read.retry, second.output);
      return reread.ok ? reread : { invalid: reread.problem };
    };

    const cached = await ledger?.cachedResult(key);
    const fromCache = cached?.outcome === 'answered' ? ExtractionToolInputSchema.safeParse(cached.toolInput) : undefined;
    let asked: Asked;
    if (cached && (cached.outcome === 'invalid' || fromCache?.success)) {
      usage.cached = true;
      asked = fromCache?.success ? { toolInput: fromCache.data } : { invalid: 'cached' };
    } else {
      asked = await ask();
      const tokens = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
      const result: CachedModelResult | undefined =
        'toolInput' in asked ? { outcome: 'answered', toolInput: asked.toolInput, ...tokens } : 'invalid' in asked ? { outcome: 'invalid', ...tokens } : undefined;
      if (result) await ledger?.cacheResult(key, result);
    }
    const cost = estimateCostUsd(modelId, usage);
    if (cost !== undefined) usage.estimatedCostUsd = cost;

    const extraction: Extraction =
      'toolInput' in asked
        ? { backend: 'bedrock', ...verifyAnswer(article, reference, asked.toolInput, info) }
        : 'invalid' in asked
          ? { ...extractWithRules(article, 'invalid-output'), refused: [{ what: 'answer', reason: 'invalid output after the repair turn', detail: asked.invalid }] }
          : extractWithRules(article, asked.fallback);
    extraction.usage = usage;
    await ledger?.recordUsage(day, {
      modelCalls: dailyModelCalls === undefined ? usage.calls : 0,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      estimatedCostMicroUsd: Math.round((cost ?? 0) * 1_000_000),
      fallbacks: extraction.fallback ? 1 : 0,
      droppedEvents: extraction.refused?.filter((r) => r.what === 'event').length ?? 0,
      cachedResults: usage.cached ? 1 : 0,
    });
    return extraction;
  }

  return { backend: 'bedrock', extract };
}
