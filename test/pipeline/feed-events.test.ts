/**
 * FeedEventReader against the real adapter on dynalite: after the first full Query it reads only the
 * versions and the events that changed, and always returns what a fresh full Query would.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedEventReader } from '#commons/pipeline/feed-events.ts';
import { ITEM } from '#commons/store/dynamodb-store.ts';
import { collect } from '#commons/store/store.ts';
import { makeArticle, makeEvent, makeEvents } from '../helpers/events.ts';
import { startTestPipeline, type TestPipeline } from './helpers.ts';

let t: TestPipeline;
beforeAll(async () => {
  t = await startTestPipeline();
  const events = makeEvents(30);
  for (const [i, event] of events.entries()) await t.pipeline.store.recordArticle(makeArticle({ seed: `a${i}` }), [event]);
});
afterAll(() => t?.stop());

/** The commands `read` sends, as "CommandName table". */
async function readRecording(reader: FeedEventReader) {
  const before = t.commands.length;
  const result = await reader.read();
  return { result, commands: t.commands.slice(before).map((c) => c.split(' ')[0]) };
}

const freshRead = () => collect(t.pipeline.store.allFeedEvents());

describe('FeedEventReader', () => {
  it('reads everything with one Query first, then only the versions when nothing changed', async () => {
    const reader = new FeedEventReader(t.pipeline.store);
    const first = await readRecording(reader);
    expect(first.result).toMatchObject({ source: 'query', fetched: 30 });
    expect(first.result.events).toEqual(await freshRead());

    const second = await readRecording(reader);
    expect(second.result).toMatchObject({ source: 'cache', fetched: 0 });
    expect(second.commands).toEqual(['QueryCommand']);
    expect(second.result.events).toEqual(first.result.events);
  });

  it('fetches only the new and the merged events, and matches a fresh Query', async () => {
    const reader = new FeedEventReader(t.pipeline.store);
    await reader.read();
    const [existing] = await freshRead();
    const article = makeArticle({ seed: 'later report', receivedAt: '2017-03-01T00:00:00.000Z' });
    const again = makeEvent({ ...existing!, seed: 'merged', article, id: existing!.id });
    await t.pipeline.store.recordArticle(article, [again, makeEvent({ seed: 'brand new', article, occurred: { date: '2017-02-28', precision: 'day', basis: 'explicit' } })]);

    const { result, commands } = await readRecording(reader);
    expect(result).toMatchObject({ source: 'cache', fetched: 2 });
    expect(commands.sort()).toEqual(['GetItemCommand', 'GetItemCommand', 'QueryCommand']);
    expect(result.events).toEqual(await freshRead());
    expect(result.events.find((e) => e.id === existing!.id)!.sources).toHaveLength(existing!.sources.length + 1);
  });

  it('drops events that left the index', async () => {
    const reader = new FeedEventReader(t.pipeline.store);
    const before = (await reader.read()).events;
    await t.pipeline.dynamo.send(new DeleteCommand({ TableName: t.pipeline.config.tableName, Key: { pk: ITEM.event.pk(before[3]!.id), sk: ITEM.event.sk } }));
    const after = await reader.read();
    expect(after.events.map((e) => e.id)).toEqual(before.filter((_, i) => i !== 3).map((e) => e.id));
    expect(after.events).toEqual(await freshRead());
  });

  it('falls back to one full Query when more than maxFetch events changed, or when asked to', async () => {
    const reader = new FeedEventReader(t.pipeline.store, { maxFetch: 1 });
    await reader.read();
    const article = makeArticle({ seed: 'two more' });
    await t.pipeline.store.recordArticle(article, makeEvents(2, 'two-more'));
    expect(await reader.read()).toMatchObject({ source: 'query' });
    expect(await reader.read({ full: true })).toMatchObject({ source: 'query' });
  });

  it('hands out events nobody can change, since later rebuilds share them', async () => {
    const reader = new FeedEventReader(t.pipeline.store);
    const [event] = (await reader.read()).events;
    expect(() => {
      (event!.parties as unknown[]).push('x');
    }).toThrow(TypeError);
    expect(() => {
      (event as { headline: string }).headline = 'changed';
    }).toThrow(TypeError);
  });
});
