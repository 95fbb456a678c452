/**
 * Pure, deterministic merging of two reports of the same ceasefire development (same event id).
 *
 * `mergeEvents` is a join on a semilattice: commutative, associative and idempotent on normalised
 * events. That is what makes the store independent of delivery order: whatever order articles
 * arrive in (and however concurrent writers interleave), the stored event is the same.
 *
 * Rules (every choice is a min/max over a total order, never "the one that came first"):
 * - `id`, `schemaVersion` stay; `type` and `theatre.country` are part of the id and so agree.
 * - `headline`, `summary` and `extractor` come together from the earliest report: the smallest
 *   (firstReportedAt, headline, summary, extractor) tuple.
 * - `occurred` / `effective` / `ends` / `venue`: the better-grounded value (DateRef: explicit >
 *   relative > metadata > received, then finer precision, then unambiguous; Place: more fields),
 *   ties broken by canonical JSON.
 * - `parties` / `mediators` / `excluded` (by actor id), `theatre.areas` (by country + name),
 *   `people` (by name), `sources` (by articleId), `evidence`, `background` and `terms` (by articleId + quote) are unioned;
 *   when both sides hold the same key the richer value wins, ties by canonical JSON. Arrays are
 *   sorted, so equal content means equal JSON.
 * - `confidence` = max; `firstReportedAt` = min; `updatedAt` = max (both derived from the articles'
 *   `receivedAt`, never from the clock).
 */
import { SCHEMA_VERSION } from '#schemas/contract.ts';
import type { Actor, Article, Background, CeasefireEvent, DateRef, Evidence, Person, Place, Source, Term } from '#schemas/event.ts';

/** Code-unit string order (locale-independent, so the same everywhere). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted and `undefined` members dropped: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort(compareStrings)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Deep copy without `undefined` members (what DynamoDB would store anyway). */
function clean<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clean(v)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as Record<string, unknown>).sort(compareStrings)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = clean(v);
  }
  return out as T;
}

/** Compare ISO 8601 timestamps by instant, then by text (so "Z" vs "+00:00" is still a total order). */
export function compareTimestamps(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb ? -1 : 1;
  return compareStrings(a, b);
}

function definedCount(value: object): number {
  let n = 0;
  for (const v of Object.values(value)) if (v !== undefined) n++;
  return n;
}

/**
 * The preferred of two values: higher rank, then more defined fields, then the smaller canonical JSON.
 * A total order, so `better(a, b) === better(b, a)` in content.
 */
function better<T extends object>(a: T, b: T, rank: (x: T) => number = () => 0): T {
  const r = rank(b) - rank(a);
  if (r !== 0) return r > 0 ? b : a;
  const d = definedCount(b) - definedCount(a);
  if (d !== 0) return d > 0 ? b : a;
  return compareStrings(canonicalJson(b), canonicalJson(a)) < 0 ? b : a;
}

function betterOptional<T extends object>(a: T | undefined, b: T | undefined, rank?: (x: T) => number): T | undefined {
  if (a === undefined) return b === undefined ? undefined : clean(b);
  if (b === undefined) return clean(a);
  return clean(better(a, b, rank));
}

function minOptionalString(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareStrings(a, b) <= 0 ? a : b;
}

const BASIS_RANK: Record<DateRef['basis'], number> = { explicit: 3, relative: 2, metadata: 1, received: 0 };
const PRECISION_RANK: Record<DateRef['precision'], number> = { day: 2, month: 1, year: 0 };
/** Better-grounded dates first: basis, then precision, then an unambiguous reading. */
export function dateRank(d: DateRef): number {
  return BASIS_RANK[d.basis] * 100 + PRECISION_RANK[d.precision] * 10 + (d.ambiguous ? 0 : 1);
}

/** Union of two lists by key; the same key keeps the better value; sorted by `order` then key. */
function unionBy<T extends object>(
  lists: T[][],
  keyOf: (x: T) => string,
  order: (a: T, b: T) => number = () => 0,
): T[] {
  const byKey = new Map<string, T>();
  for (const list of lists) {
    for (const item of list) {
      const key = keyOf(item);
      const seen = byKey.get(key);
      byKey.set(key, seen === undefined ? item : better(seen, item));
    }
  }
  return [...byKey.entries()]
    .sort(([ka, a], [kb, b]) => order(a, b) || compareStrings(ka, kb))
    .map(([, v]) => clean(v));
}

const foldName = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

export const actorKey = (a: Actor) => a.id;
export const placeKey = (p: Place) => `${p.country}|${foldName(p.name)}`;
export const personKey = (p: Person) => foldName(p.name);
export const sourceKey = (s: Source) => s.articleId;
export const evidenceKey = (e: Evidence | Background | Term) => `${e.articleId}\u0000${e.quote}`;

const byName = (a: { name: string }, b: { name: string }) => compareStrings(foldName(a.name), foldName(b.name));
/** Sources: earliest published first (unknown last), then article id. The first one is the feed's external_url. */
const sourceOrder = (a: Source, b: Source) => compareStrings(a.publishedAt ?? '\uffff', b.publishedAt ?? '\uffff');
/** Evidence: by article, then position in the article (unknown last), then quote (via the key). */
const evidenceOrder = (a: Evidence, b: Evidence) =>
  compareStrings(a.articleId, b.articleId) || (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER);

const byDate = (a: Background, b: Background) => compareStrings(a.date, b.date);

/** Merge any number of reports of one event. `mergeAll([e])` normalises a single event. */
export function mergeAll(events: readonly CeasefireEvent[]): CeasefireEvent {
  if (events.length === 0) throw new Error('mergeAll needs at least one event');
  const id = events[0]!.id;
  for (const e of events) {
    if (e.id !== id) throw new Error(`Cannot merge events with different ids (${id}, ${e.id})`);
  }
  // Per-field folds; each is a semilattice join, so the fold order does not matter.
  let lead = events[0]!;
  let occurred = events[0]!.occurred;
  let effective: DateRef | undefined;
  let ends: DateRef | undefined;
  let venue: Place | undefined;
  let cameo: string | undefined;
  let plover: string | undefined;
  let type = events[0]!.type;
  let country = events[0]!.theatre.country;
  let confidence = 0;
  let firstReportedAt = events[0]!.firstReportedAt;
  let updatedAt = events[0]!.updatedAt;
  for (const e of events) {
    const leadOrder =
      compareTimestamps(e.firstReportedAt, lead.firstReportedAt) ||
      compareStrings(e.headline, lead.headline) ||
      compareStrings(e.summary, lead.summary) ||
      compareStrings(canonicalJson(e.extractor ?? null), canonicalJson(lead.extractor ?? null));
    if (leadOrder < 0) lead = e;
    occurred = better(occurred, e.occurred, dateRank);
    effective = betterOptional(effective, e.effective, dateRank);
    ends = betterOptional(ends, e.ends, dateRank);
    venue = betterOptional(venue, e.venue);
    cameo = minOptionalString(cameo, e.codes.cameo);
    plover = minOptionalString(plover, e.codes.plover);
    if (compareStrings(e.type, type) < 0) type = e.type;
    if (compareStrings(e.theatre.country, country) < 0) country = e.theatre.country;
    confidence = Math.max(confidence, e.confidence);
    if (compareTimestamps(e.firstReportedAt, firstReportedAt) < 0) firstReportedAt = e.firstReportedAt;
    if (compareTimestamps(e.updatedAt, updatedAt) > 0) updatedAt = e.updatedAt;
  }

  const codes: CeasefireEvent['codes'] = {};
  if (cameo !== undefined) codes.cameo = cameo;
  if (plover !== undefined) codes.plover = plover;

  const merged: CeasefireEvent = {
    id,
    schemaVersion: SCHEMA_VERSION,
    type,
    headline: lead.headline,
    summary: lead.summary,
    occurred: clean(occurred),
    theatre: { country, areas: unionBy(events.map((e) => e.theatre.areas), placeKey, byName) },
    parties: unionBy(events.map((e) => e.parties), actorKey),
    mediators: unionBy(events.map((e) => e.mediators), actorKey),
    excluded: unionBy(events.map((e) => e.excluded), actorKey),
    people: unionBy(events.map((e) => e.people), personKey),
    codes,
    evidence: unionBy(events.map((e) => e.evidence), evidenceKey, evidenceOrder),
    sources: unionBy(events.map((e) => e.sources), sourceKey, sourceOrder),
    confidence,
    firstReportedAt,
    updatedAt,
  };
  if (effective !== undefined) merged.effective = effective;
  if (ends !== undefined) merged.ends = ends;
  if (venue !== undefined) merged.venue = venue;
  const background = unionBy(events.map((e) => e.background ?? []), evidenceKey, byDate);
  if (background.length) merged.background = background;
  const terms = unionBy(events.map((e) => e.terms ?? []), evidenceKey);
  if (terms.length) merged.terms = terms;
  if (lead.extractor !== undefined) merged.extractor = clean(lead.extractor);
  return merged;
}

/** Merge two reports of the same event. Pure; commutative, associative, idempotent on normalised events. */
export function mergeEvents(a: CeasefireEvent, b: CeasefireEvent): CeasefireEvent {
  return mergeAll([a, b]);
}

/** The canonical form of one event (sorted, deduplicated arrays, no undefined members). */
export function normaliseEvent(event: CeasefireEvent): CeasefireEvent {
  return mergeAll([event]);
}

/** True when two events have the same content. */
export function sameEvent(a: CeasefireEvent, b: CeasefireEvent): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function sourceFromArticle(article: Article): Source {
  const source: Source = { articleId: article.id, title: article.title };
  if (article.url !== undefined) source.url = article.url;
  if (article.publisher !== undefined) source.publisher = article.publisher;
  if (article.publishedAt !== undefined) source.publishedAt = article.publishedAt.date;
  return source;
}

/**
 * The events of one article as they enter the store: one per id, normalised, listing the article as
 * a source, with firstReportedAt = updatedAt = the article's receivedAt (timestamps come from data).
 */
export function prepareEvents(article: Article, events: readonly CeasefireEvent[]): CeasefireEvent[] {
  const byId = new Map<string, CeasefireEvent[]>();
  for (const event of events) {
    const sources = event.sources.some((s) => s.articleId === article.id)
      ? event.sources
      : [...event.sources, sourceFromArticle(article)];
    const stamped: CeasefireEvent = {
      ...event,
      sources,
      firstReportedAt: article.receivedAt,
      updatedAt: article.receivedAt,
    };
    const group = byId.get(event.id);
    if (group) group.push(stamped);
    else byId.set(event.id, [stamped]);
  }
  return [...byId.keys()].sort(compareStrings).map((id) => mergeAll(byId.get(id)!));
}
