/**
 * `extract --extractor bedrock` and `eval --extractor bedrock` with the SDK's client mock in place of
 * an AWS account: the events say which model read them, and the run says what it cost.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID } from '#commons/extraction/bedrock/models.ts';
import { cli } from './helpers.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/bedrock/${name}`, import.meta.url), 'utf8'));
const story = fixture('article.json') as { title: string; body: string; published: string };
const dir = mkdtempSync(join(tmpdir(), 'bedrock-cli-'));
const file = join(dir, 'karabakh.txt');
writeFileSync(file, `${story.title}\n\n${story.body}\n`);
const trap = join(dir, 'grocers.txt');
writeFileSync(trap, 'Grocers call a truce in the price war\n\nTwo supermarket chains ended months of discounting on milk and bread.\n');
const gold = join(dir, 'gold.json');
writeFileSync(
  gold,
  JSON.stringify({
    articles: [{ file: 'karabakh.txt', published: story.published, textOnlyDate: { expect: null }, exhaustive: true, primary: { type: ['agreement'], occurred: ['2020-10-10'], theatre: 'AZ', parties: ['AM', 'AZ'], mediators: ['RU'] } }],
    negatives: { files: ['grocers.txt'] },
  }),
);

const bedrock = mockClient(BedrockRuntimeClient);
beforeEach(() => {
  bedrock.reset();
  bedrock.on(ConverseCommand).resolves(fixture('answered.json'));
});
afterAll(() => bedrock.restore());

describe('extract --extractor bedrock', () => {
  it('prints the verified events, with their model, and the cost on stderr', async () => {
    const { code, out, err } = await cli('extract', '--json', '--extractor', 'bedrock', '--published', story.published, file);
    expect(code).toBe(0);
    const [entry] = JSON.parse(out);
    expect(entry.events[0].extractor).toMatchObject({ backend: 'bedrock', model: DEFAULT_MODEL_ID });
    expect(err).toContain(`bedrock ${DEFAULT_MODEL_ID}: 1 article(s), 1 model call(s), 0 fallback(s) to the rules`);
    expect(err).toContain('tokens: 2412 input, 388 output; estimated cost $0.0044 at $1 / $5 per million input / output tokens; $4.35 per 1,000 articles');
    expect(bedrock.commandCalls(ConverseCommand)[0]!.args[0].input.modelId).toBe(DEFAULT_MODEL_ID);
  });

  it('says in the summary which model read each development', async () => {
    const { out } = await cli('extract', '--extractor', 'bedrock', '--published', story.published, file);
    expect(out).toContain('AGREEMENT: Armenia and Azerbaijan agree ceasefire in Nagorno-Karabakh, Azerbaijan (Moscow)');
    expect(out).toContain(`read by:   ${DEFAULT_MODEL_ID} (prompt v1)`);
  });

  it('takes --model, and says when no list price is known', async () => {
    const { err } = await cli('extract', '--extractor', 'bedrock', '--model', 'eu.example.unlisted-v1:0', file);
    expect(bedrock.commandCalls(ConverseCommand)[0]!.args[0].input.modelId).toBe('eu.example.unlisted-v1:0');
    expect(err).toContain('no list price for eu.example.unlisted-v1:0');
  });

  it('refuses an unknown backend, and --model without bedrock', async () => {
    expect(await cli('extract', '--extractor', 'gpt', file)).toMatchObject({ code: 2, err: "--extractor is rules or bedrock, not 'gpt'.\n" });
    expect((await cli('extract', '--model', 'x', file)).code).toBe(2);
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('leaves the rules as the default: no model call', async () => {
    const { code, out } = await cli('extract', '--json', file);
    expect(code).toBe(0);
    expect(JSON.parse(out)[0].events[0].extractor).toEqual({ backend: 'rules' });
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(0);
  });
});

describe('eval --extractor bedrock', () => {
  it('scores the model as the shared scorer would, and prints tokens and cost', async () => {
    const { code, out } = await cli('eval', '--extractor', 'bedrock', '--gold', gold);
    expect(out).toContain('ok   karabakh.txt: primary mediators = ["ru"] (want ["RU"])');
    expect(out).toContain('ok   grocers.txt: 1 item(s) read, 0 event(s) (want items read and 0 events)');
    expect(out).toContain('precision: 1.000 (1 of 1 extracted events are labelled developments)');
    expect(out).toMatch(/score: 1\.000\nbedrock .*: 2 article\(s\), 1 model call\(s\)/);
    expect(code).toBe(0);
    // The trap cost nothing: the rules found it irrelevant.
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });
});
