/**
 * Events for the feed tests: real extractor output over the evaluation corpus, and a large, varied
 * synthetic store (many theatres and types) for the incremental-rebuild measurements.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '#schemas/contract.ts';
import type { CeasefireEvent } from '#schemas/event.ts';
import { readArticles } from '#commons/articles/read.ts';
import { extractEvents } from '#commons/extraction/index.ts';
import { mergeAll } from '#commons/store/merge.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'articles');

/** The corpus articles' file names. */
export const corpusFiles = (): string[] => readdirSync(CORPUS).sort();

/**
 * Events the extractor finds in the corpus articles (optionally only some files), merged by id as
 * the store would merge them. Articles are read with a fixed receivedAt, so the output is stable.
 */
export async function corpusEvents(files?: readonly string[], receivedAt: Record<string, string> = {}): Promise<CeasefireEvent[]> {
  const names = files ?? corpusFiles();
  const events: CeasefireEvent[] = [];
  for (const name of names) {
    const bytes = readFileSync(join(CORPUS, name));
    events.push(...(await eventsOf(`inbox/${name}`, bytes, receivedAt[name] ?? '2026-01-01T00:00:00.000Z')));
  }
  return mergeById(events);
}

/** Events the extractor finds in one file (read as the ingest Lambda reads an object). */
export async function eventsOf(key: string, bytes: Uint8Array, receivedAt: string): Promise<CeasefireEvent[]> {
  const result = await readArticles({ key, bytes, receivedAt });
  if (!result.ok) throw new Error(`${key}: ${result.rejection.detail}`);
  return result.articles.flatMap((article) => extractEvents(article));
}

/** Reports of the same development (same id) merged, as the store merges them. */
export function mergeById(events: readonly CeasefireEvent[]): CeasefireEvent[] {
  const byId = new Map<string, CeasefireEvent[]>();
  for (const e of events) byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
  return [...byId.values()].map((group) => (group.length === 1 ? group[0]! : mergeAll(group)));
}

const THEATRES: readonly [string, string, number, number][] = [
  ['SY', 'Aleppo', 36.2, 37.16],
  ['YE', 'Hodeidah', 14.8, 42.95],
  ['UA', 'Donetsk', 48.02, 37.8],
  ['PS', 'Gaza', 31.5, 34.47],
  ['SD', 'Khartoum', 15.5, 32.56],
  ['LB', 'Beirut', 33.89, 35.5],
  ['CO', 'Cauca', 2.5, -76.6],
  ['ET', 'Tigray', 14.03, 38.32],
  ['AZ', 'Nagorno-Karabakh', 39.82, 46.75],
  ['LY', 'Tripoli', 32.89, 13.19],
  ['AF', 'Kabul', 34.53, 69.17],
  ['MM', 'Shan', 21.3, 97.8],
  ['CD', 'Goma', -1.68, 29.22],
  ['SO', 'Mogadishu', 2.04, 45.34],
  ['IQ', 'Mosul', 36.34, 43.13],
  ['ML', 'Kidal', 18.44, 1.41],
  ['PH', 'Mindanao', 7.5, 125.0],
  ['SS', 'Juba', 4.85, 31.58],
  ['CF', 'Bangui', 4.36, 18.56],
  ['IN', 'Kashmir', 34.08, 74.8],
];

/**
 * `count` distinct, schema-valid events spread over 20 theatres, the nine types and about 27 years
 * (one development a day going back from 2016-12-31), with areas that have coordinates.
 */
export function variedEvents(count: number, prefix = 'v'): CeasefireEvent[] {
  const start = Date.UTC(2016, 11, 31);
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(start - i * 86_400_000).toISOString().slice(0, 10);
    const [country, area, lat, lon] = THEATRES[(i * 7) % THEATRES.length]!;
    const type = EVENT_TYPES[(i * 5) % EVENT_TYPES.length]!;
    const article = makeArticle({ seed: `${prefix}${i}`, receivedAt: `${day}T12:00:00.000Z` });
    return makeEvent({
      seed: `${prefix}${i}`,
      article,
      type,
      headline: `${type} in ${area} (${prefix}${i})`,
      theatre: { country, areas: [{ name: area, country, lat, lon }] },
      occurred: { date: day, precision: 'day', basis: 'explicit' },
      updatedAt: `${day}T12:00:00.000Z`,
      firstReportedAt: `${day}T12:00:00.000Z`,
    });
  });
}
