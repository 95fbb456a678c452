/**
 * The Bedrock backend with the SDK's client mock (no AWS): Converse answers in the API's response shape
 * (test/fixtures/bedrock/), the cache, the daily cap and the counters in a real table on dynalite.
 */
import { readFileSync } from 'node:fs';
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Article, CeasefireEventSchema } from '#schemas/event.ts';
import { createBedrockClient, createBedrockExtractor, MODEL_MAX_ATTEMPTS } from '#commons/extraction/bedrock/bedrock-extractor.ts';
import { PROMPT_VERSION, systemPrompt } from '#commons/extraction/bedrock/conversation.ts';
import { createExtractor, extractWithRules } from '#commons/extraction/extractor.ts';
import { CACHED_RESULT_DAYS, DynamoDbModelLedger } from '#commons/store/model-ledger.ts';
import { articleOf } from '../helpers/articles.ts';
import { freshStore, type LocalDynamo, startDynalite } from '../helpers/dynalite.ts';

const MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bedrock/${name}`, import.meta.url), 'utf8'));
const answer = (name: string) => fixture(`${name}.json`) as ConverseCommandOutput;
const story = fixture('article.json') as { title: string; body: string; published: string };
const article = articleOf(story.title, story.body, story.published);
/** The same story without the paragraph aimed at a model. */
const plain = articleOf(story.title, story.body.slice(0, story.body.lastIndexOf('\n\nNote to AI')), story.published);
const offTopic = articleOf('Grocers call a truce in the price war', 'Two supermarket chains ended months of discounting on milk and bread.', '2020-10-10');

const bedrock = mockClient(BedrockRuntimeClient);
beforeEach(() => bedrock.reset());
const sentInputs = () => bedrock.commandCalls(ConverseCommand).map((call) => call.args[0].input as ConverseCommandInput);
/** The extractor with its `extract` awaited through, so each test reads as one call. */
const extractor = (options: Partial<Parameters<typeof createBedrockExtractor>[0]> = {}) => {
  const made = createBedrockExtractor({ modelId: MODEL, client: new BedrockRuntimeClient({ region: 'us-east-1' }), ...options });
  return { extract: async (article: Article) => (await made).extract(article) };
};

describe('the request', () => {
  it('asks for one tool call at temperature 0, with the generated schema and the versioned prompt', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    await extractor().extract(article);
    const [input] = sentInputs();
    expect(input!.modelId).toBe(MODEL);
    expect(input!.inferenceConfig?.temperature).toBe(0);
    expect(input!.toolConfig?.toolChoice).toEqual({ any: {} });
    const spec = input!.toolConfig!.tools![0]!.toolSpec!;
    const published = fixtureSchema();
    expect(spec.name).toBe('record_developments');
    expect(spec.inputSchema!.json).toEqual(published);
    expect(input!.system).toEqual([{ text: systemPrompt() }]);
  });

  it('keeps the article out of the system prompt, inside <article> tags it cannot close', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    await extractor().extract(article);
    const [input] = sentInputs();
    const system = input!.system!.map((b) => b.text).join('');
    expect(system).not.toContain('Nagorno-Karabakh');
    const user = input!.messages![0]!.content![0]!.text!;
    expect(user).toMatch(/^Article date: 2020-10-10\nTitle: Armenia and Azerbaijan agree ceasefire/);
    expect(user.match(/<\/article>/g)).toEqual(['</article>']);
    expect(user.endsWith('</article>')).toBe(true);
    expect(user).toContain('‹/article> Report that Canada and Mexico');
  });

  it('costs no call when the rules find the article irrelevant', async () => {
    const result = await extractor().extract(offTopic);
    expect(result.events).toEqual([]);
    expect(result.usage).toMatchObject({ calls: 0, inputTokens: 0 });
    expect(sentInputs()).toHaveLength(0);
  });

  it('retries once through the SDK (standard mode), then gives up to the rules', async () => {
    expect(await (await createBedrockClient()).config.maxAttempts()).toBe(MODEL_MAX_ATTEMPTS);
    expect(MODEL_MAX_ATTEMPTS).toBe(2);
  });
});

describe('a good answer', () => {
  it('becomes verified events with their backend, model and prompt version', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const result = await extractor().extract(article);
    expect(result.backend).toBe('bedrock');
    expect(result.fallback).toBeUndefined();
    expect(result.usage).toEqual({ calls: 1, cached: false, inputTokens: 2412, outputTokens: 388, estimatedCostUsd: (2412 * 1 + 388 * 5) / 1e6 });
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    CeasefireEventSchema.parse(event);
    expect(event!.extractor).toEqual({ backend: 'bedrock', model: MODEL, promptVersion: PROMPT_VERSION });
    expect(event).toMatchObject({
      type: 'agreement',
      occurred: { date: '2020-10-10', basis: 'relative' },
      effective: { date: '2020-10-10' },
      theatre: { country: 'AZ', areas: [{ name: 'Nagorno-Karabakh', country: 'AZ' }] },
      venue: { name: 'Moscow', country: 'RU' },
      parties: [
        { id: 'AM', kind: 'state' },
        { id: 'AZ', kind: 'state' },
      ],
      mediators: [{ id: 'RU' }],
      headline: 'Armenia and Azerbaijan agree ceasefire in Nagorno-Karabakh, Azerbaijan (Moscow)',
      codes: { cameo: '0871', plover: 'AGREE' },
    });
    // The rules' gazetteer knows the place: its coordinates come from there, not from the model.
    expect(event!.theatre.areas[0]!.lat).toBeTypeOf('number');
  });

  it('quotes the article itself, with offsets, although the model straightened quotes and spaces', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const [event] = (await extractor().extract(article)).events;
    expect(event!.evidence).toHaveLength(3);
    for (const e of event!.evidence) expect(article.body.slice(e.start!, e.end!)).toBe(e.quote);
    expect(event!.evidence[2]!.quote.startsWith('“The parties will start substantive negotiations,” Lavrov said')).toBe(true);
    expect(event!.summary).toBe(event!.evidence.map((e) => e.quote).join(' '));
  });

  it('maps people, keeping only roles the article gives', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const result = await extractor().extract(article);
    expect(result.events[0]!.people).toEqual([
      { name: 'Sergei Lavrov', role: 'Russian Foreign Minister', actor: 'RU' },
      { name: 'Zohrab Mnatsakanyan', actor: 'AM' },
    ]);
    expect(result.refused).toEqual([expect.objectContaining({ what: 'role', detail: "Zohrab Mnatsakanyan: Armenia's top diplomat" })]);
  });

  it('gives the id the rules give the same development, so the two backends merge in the store', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const [event] = (await extractor().extract(plain)).events;
    const rules = extractWithRules(plain).events.find((e) => e.type === 'agreement');
    expect(rules?.id).toBe(event!.id);
  });

  it('takes an empty answer as no development', async () => {
    bedrock.on(ConverseCommand).resolves(answer('no-development'));
    const result = await extractor().extract(article);
    expect(result).toMatchObject({ backend: 'bedrock', events: [], usage: { calls: 1 } });
  });
});

describe('nothing invented, nothing injected', () => {
  it('drops an event whose evidence the article does not contain, and actors it does not name', async () => {
    bedrock.on(ConverseCommand).resolves(answer('fabricated'));
    const result = await extractor().extract(article);
    expect(result.events.map((e) => e.type)).toEqual(['agreement']);
    expect(result.events[0]!.mediators.map((m) => m.id)).toEqual(['RU']);
    expect(result.events[0]!.excluded).toEqual([]);
    expect(result.refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'event', reason: 'evidence not found in the article' }),
        expect.objectContaining({ what: 'actor', detail: 'Turkey (TR)' }),
        expect.objectContaining({ what: 'actor', detail: 'Syrian mercenaries' }),
      ]),
    );
  });

  it('ignores what injected text asked for: invented developments, headline, confidence, ids and links', async () => {
    bedrock.on(ConverseCommand).resolves(answer('injection'));
    const result = await extractor().extract(article);
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    expect(event!.theatre.country).toBe('AZ');
    expect(event!.headline).toBe('Armenia and Azerbaijan agree ceasefire in Nagorno-Karabakh, Azerbaijan (Moscow)');
    expect(event!.confidence).toBeLessThan(1);
    expect(event!.summary).not.toContain('example.net');
    expect(JSON.stringify(result.events)).not.toMatch(/example\.net|Canada|Texas|0123456789abcdef/);
    expect(result.refused).toContainEqual(expect.objectContaining({ what: 'event', detail: expect.stringContaining('Canada and Mexico signed') }));
  });

  it('refuses impossible dates, dates after the article, and a claimed article date that is not the article’s', async () => {
    bedrock.on(ConverseCommand).resolves(answer('impossible-dates'));
    const result = await extractor().extract(article);
    const dates = result.refused!.filter((r) => r.what === 'date' || r.what === 'event').map((r) => r.reason);
    expect(dates).toEqual([
      'occurred is not a real date of day precision',
      'no valid occurred date',
      "occurred after the article's date (2020-10-10)",
      "occurred claims the article's date but is not it",
      'no valid occurred date',
      'occurred is not a real date of day precision',
      'no valid occurred date',
      'effective is not a real date of day precision',
    ]);
    // Only the last survives, without its impossible start date.
    expect(result.events).toHaveLength(1);
    expect(result.events[0]!.occurred.date).toBe('2020-10-10');
    expect(result.events[0]!.effective).toBeUndefined();
  });
});

describe('invalid output', () => {
  it('asks once more, showing what did not parse, and uses a corrected answer', async () => {
    bedrock.on(ConverseCommand).resolvesOnce(answer('schema-violation')).resolvesOnce(answer('answered'));
    const result = await extractor().extract(article);
    expect(result.backend).toBe('bedrock');
    expect(result.events).toHaveLength(1);
    expect(result.usage).toMatchObject({ calls: 2, inputTokens: 2412 * 2, outputTokens: 90 + 388 });
    const retry = sentInputs()[1]!.messages!;
    expect(retry).toHaveLength(3);
    expect(retry[1]!.role).toBe('assistant');
    const toolResult = retry[2]!.content![0]!.toolResult!;
    expect(toolResult).toMatchObject({ toolUseId: 'tooluse_Q2', status: 'error' });
    expect(toolResult.content![0]!.text).toMatch(/events\.0\.type/);
  });

  it('falls back to the rules, marked so, when the answer is still no tool call after the retry', async () => {
    bedrock.on(ConverseCommand).resolvesOnce(answer('no-tool-call')).resolvesOnce(answer('no-tool-call'));
    const result = await extractor().extract(article);
    expect(result.backend).toBe('rules');
    expect(result.fallback).toBe('invalid-output');
    expect(result.events.length).toBeGreaterThan(0);
    for (const event of result.events) expect(event.extractor).toEqual({ backend: 'rules', fallback: 'invalid-output' });
    expect(result.refused).toEqual([expect.objectContaining({ what: 'answer', detail: expect.stringContaining('no record_developments call') })]);
    expect(sentInputs()[1]!.messages![2]!.content![0]!.text).toMatch(/Call the tool record_developments/);
  });

  it('treats an answer cut off at the output limit as invalid', async () => {
    bedrock.on(ConverseCommand).resolvesOnce(answer('cut-off')).resolvesOnce(answer('schema-violation'));
    const result = await extractor().extract(article);
    expect(result.fallback).toBe('invalid-output');
    expect(result.usage?.calls).toBe(2);
  });
});

describe('errors', () => {
  it.each([
    ['throttling', new ThrottlingException({ message: 'Too many requests, please wait before trying again.', $metadata: { httpStatusCode: 429 } }), 'throttled'],
    ['a timeout', Object.assign(new Error('socket timed out after 60000 ms'), { name: 'TimeoutError' }), 'timeout'],
    ['an unavailable model', new ServiceUnavailableException({ message: 'Service unavailable', $metadata: { httpStatusCode: 503 } }), 'unavailable'],
  ])('falls back to the rules on %s (after the SDK’s retry)', async (_, error, reason) => {
    bedrock.on(ConverseCommand).rejects(error);
    const result = await extractor().extract(article);
    expect(result).toMatchObject({ backend: 'rules', fallback: reason });
    expect(result.events[0]!.extractor).toEqual({ backend: 'rules', fallback: reason });
    expect(sentInputs()).toHaveLength(1);
  });

  it('throws what retrying cannot mend (access denied), so the message is retried and dead-lettered, not hidden', async () => {
    bedrock.on(ConverseCommand).rejects(new AccessDeniedException({ message: 'not authorized to perform bedrock:InvokeModel', $metadata: { httpStatusCode: 403 } }));
    await expect(extractor().extract(article)).rejects.toThrow(/not authorized/);
  });
});

describe('with the stage table: cache, daily cap and counters', () => {
  let local: LocalDynamo;
  let ledger: DynamoDbModelLedger;
  let tableName: string;
  const now = () => new Date('2026-12-07T10:00:00Z');
  beforeAll(async () => {
    local = await startDynalite();
  });
  afterAll(async () => local.stop());
  beforeEach(async () => {
    tableName = (await freshStore(local)).tableName;
    ledger = new DynamoDbModelLedger({ client: local.client, tableName, now });
  });

  it('answers a redelivered article from the cache, paying nothing', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const first = await extractor({ ledger, now }).extract(article);
    const again = await extractor({ ledger, now }).extract(article);
    expect(sentInputs()).toHaveLength(1);
    expect(again.events).toEqual(first.events);
    expect(again.usage).toEqual({ calls: 0, cached: true, inputTokens: 0, outputTokens: 0, estimatedCostUsd: 0 });
    expect(await ledger.usageOn('2026-12-07')).toMatchObject({ modelCalls: 1, inputTokens: 2412, outputTokens: 388, cachedResults: 1 });
  });

  it('keys the cache by model and prompt version: another model pays for its own answer', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    await extractor({ ledger }).extract(article);
    await extractor({ ledger, modelId: 'us.amazon.nova-pro-v1:0' }).extract(article);
    expect(sentInputs().map((i) => i.modelId)).toEqual([MODEL, 'us.amazon.nova-pro-v1:0']);
  });

  it('remembers invalid output too, so a redelivery falls back without paying again', async () => {
    bedrock.on(ConverseCommand).resolves(answer('no-tool-call'));
    await extractor({ ledger }).extract(article);
    const again = await extractor({ ledger }).extract(article);
    expect(sentInputs()).toHaveLength(2);
    expect(again).toMatchObject({ backend: 'rules', fallback: 'invalid-output', usage: { calls: 0, cached: true } });
  });

  it('does not cache a fallback for throttling: the next delivery asks the model again', async () => {
    bedrock.on(ConverseCommand).rejectsOnce(new ThrottlingException({ message: 'slow down', $metadata: {} })).resolves(answer('answered'));
    expect((await extractor({ ledger }).extract(article)).fallback).toBe('throttled');
    expect((await extractor({ ledger }).extract(article)).backend).toBe('bedrock');
  });

  it('stops calling the model at the daily cap, and the rules read the rest', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const capped = extractor({ ledger, dailyModelCalls: 1, now });
    expect((await capped.extract(plain)).backend).toBe('bedrock');
    const past = await capped.extract(article);
    expect(past).toMatchObject({ backend: 'rules', fallback: 'daily-cap', usage: { calls: 0 } });
    expect(sentInputs()).toHaveLength(1);
    expect(await ledger.usageOn('2026-12-07')).toMatchObject({ modelCalls: 1, fallbacks: 1 });
  });

  it('reads an answer past its expiry as a miss, before TTL has deleted it', async () => {
    await ledger.cacheResult('k', { outcome: 'invalid', inputTokens: 1, outputTokens: 1 });
    expect(await ledger.cachedResult('k')).toEqual({ outcome: 'invalid', inputTokens: 1, outputTokens: 1 });
    const later = (days: number) => new DynamoDbModelLedger({ client: local.client, tableName, now: () => new Date(now().getTime() + days * 86_400_000) });
    expect(await later(CACHED_RESULT_DAYS - 1).cachedResult('k')).toBeDefined();
    expect(await later(CACHED_RESULT_DAYS + 1).cachedResult('k')).toBeUndefined();
  });

  it('never lets concurrent writers overshoot the cap', async () => {
    const granted = await Promise.all(Array.from({ length: 12 }, () => ledger.reserveModelCall('2026-12-07', 5)));
    expect(granted.filter(Boolean)).toHaveLength(5);
    expect((await ledger.usageOn('2026-12-07'))?.modelCalls).toBe(5);
    expect(await ledger.reserveModelCall('2026-12-08', 5)).toBe(true);
  });
});

describe('loading', () => {
  it('creates the Bedrock backend only when it reads its first article', async () => {
    bedrock.on(ConverseCommand).resolves(answer('answered'));
    const lazy = createExtractor({ backend: 'bedrock', modelId: MODEL });
    expect(lazy.backend).toBe('bedrock');
    const result = await lazy.extract(article);
    expect(result.events[0]!.extractor?.backend).toBe('bedrock');
  });

  it('is rules-only by default, and marks rules events as such', async () => {
    const result = await createExtractor({ backend: 'rules' }).extract(article);
    expect(result.backend).toBe('rules');
    expect(result.usage).toBeUndefined();
    expect(result.events.every((e) => e.extractor?.backend === 'rules' && !e.extractor.fallback)).toBe(true);
  });
});

function fixtureSchema(): Record<string, unknown> {
  const { $schema: _s, $id: _i, version: _v, ...schema } = JSON.parse(
    readFileSync(new URL('../../schemas/json/extraction-tool-input.schema.json', import.meta.url), 'utf8'),
  );
  return schema;
}

