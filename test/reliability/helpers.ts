/**
 * Shared pieces of the reliability tests: a second table on the same dynalite (so a "clean" run and a
 * "hostile" run read the very same S3 objects, with the same LastModified), a snapshot of everything the
 * store API can read back, and the seed articles.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeDynamoDocumentClient } from '#commons/aws/clients.ts';
import { createEventStore, createTable } from '#commons/store/dynamodb-store.ts';
import { collect, type EventStore } from '#commons/store/store.ts';
import type { Pipeline } from '#commons/pipeline/runtime.ts';
import type { TestPipeline } from '../pipeline/helpers.ts';

export const SEEDS_DIR = path.resolve(import.meta.dirname, '../../../shared/corpus/seeds');

export async function seedFiles(): Promise<{ name: string; bytes: Buffer }[]> {
  const names = (await readdir(SEEDS_DIR)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: await readFile(path.join(SEEDS_DIR, name)) })));
}

let tables = 0;

/** The test pipeline's buckets with a fresh table (and its own DynamoDB client, for middleware). */
export async function withFreshTable(t: TestPipeline): Promise<{ pipeline: Pipeline; dynamo: DynamoDBDocumentClient; store: EventStore }> {
  const tableName = `reliability-${process.pid}-${++tables}`;
  const dynamo = makeDynamoDocumentClient({ dynamoEndpoint: t.emulators.dynamoEndpoint });
  await createTable(dynamo, tableName);
  const store = createEventStore(dynamo, tableName);
  return { pipeline: { ...t.pipeline, dynamo, store, config: { ...t.pipeline.config, tableName } }, dynamo, store };
}

/** Everything the store API reads back, in a canonical order. */
export async function snapshot(store: EventStore, keys: readonly string[]) {
  const events = (await collect(store.allFeedEvents())).sort((a, b) => a.id.localeCompare(b.id));
  const articles = (await collect(store.allArticles())).sort((a, b) => a.article.id.localeCompare(b.article.id));
  const objects = await Promise.all([...keys].sort().map((key) => store.getObject(key)));
  const counts = await store.countObjects();
  const rejected = (await store.listRejected()).sort((a, b) => a.key.localeCompare(b.key));
  const unsupported = await store.listUnsupported();
  const firstPage = await store.listFeedEvents({ limit: 1000 });
  return { events, articles, objects, counts, rejected, unsupported, feedOrder: firstPage.events.map((e) => e.id) };
}

/** No duplicate event, no duplicate source in an event, and every stored article is a source of each event it produced. */
export function assertConsistent(snap: Awaited<ReturnType<typeof snapshot>>): string[] {
  const problems: string[] = [];
  const ids = snap.events.map((e) => e.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicate event ids');
  const byId = new Map(snap.events.map((e) => [e.id, e]));
  for (const event of snap.events) {
    const sources = event.sources.map((s) => s.articleId);
    if (new Set(sources).size !== sources.length) problems.push(`event ${event.id} lists a source twice`);
  }
  for (const { article, eventIds } of snap.articles) {
    for (const id of eventIds) {
      const event = byId.get(id);
      if (!event) problems.push(`article ${article.id}: event ${id} is missing`);
      else if (!event.sources.some((s) => s.articleId === article.id)) problems.push(`event ${id} lost source ${article.id}`);
    }
  }
  return problems;
}

/** Fisher-Yates with a seeded generator, so a failure can be replayed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
