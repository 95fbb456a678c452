/**
 * The events a feed rebuild renders, read through a cache that lives as long as the process does (a
 * warm Lambda container, the local publisher).
 *
 * Every read starts with a Query of the feed index that returns only each event's id and content
 * digest, so the table still decides what the feeds contain. Events whose digest the cache holds are reused;
 * the others are fetched with GetItem, and events gone from the index leave the cache. A rebuild
 * after a few new reports therefore reads a few events instead of all of them (10,000 events: about
 * 14 MB per rebuild otherwise). A cold cache, a `full` read, or a change to more events than
 * `maxFetch` is served by one full Query instead.
 *
 * An event is fetched after the Query that listed its digest and filed under the digest of what was
 * fetched, so a write in between costs at most one more fetch, never a stale event.
 */
import type { CeasefireEvent } from '#schemas/event.ts';
import type { EventStore, EventWithDigest } from '#commons/store/store.ts';
import { mapLimit } from './concurrency.ts';

/** Above this many changed events one full Query is cheaper than a GetItem each. */
export const MAX_FETCH = 200;
const GET_CONCURRENCY = 16;

export interface FeedEventsRead {
  /** Every event, newest first (feed index order). */
  events: CeasefireEvent[];
  /** How they were read: `query` = one full Query; `cache` = digests Query plus `fetched` GetItems. */
  source: 'query' | 'cache';
  fetched: number;
}

export class FeedEventReader {
  readonly #store: EventStore;
  readonly #maxFetch: number;
  #cache: Map<string, EventWithDigest> | undefined;

  constructor(store: EventStore, options: { maxFetch?: number } = {}) {
    this.#store = store;
    this.#maxFetch = options.maxFetch ?? MAX_FETCH;
  }

  async read(options: { full?: boolean } = {}): Promise<FeedEventsRead> {
    const cache = this.#cache;
    if (!cache || options.full) return this.#readAll();
    const digests = await this.#store.feedDigests();
    // No digest: an item from before digests were stored, so it cannot be known to be unchanged.
    const stale = digests.filter((d) => d.digest === undefined || cache.get(d.id)?.digest !== d.digest);
    if (stale.length > this.#maxFetch) return this.#readAll();
    const fetched = await mapLimit(stale, GET_CONCURRENCY, (d) => this.#store.getEventWithDigest(d.id));
    for (const entry of fetched) if (entry) cache.set(entry.event.id, { event: deepFreeze(entry.event), digest: entry.digest });
    const next = new Map<string, EventWithDigest>();
    for (const { id } of digests) {
      const entry = cache.get(id);
      // Deleted between the Query and its GetItem: the next read no longer lists it either.
      if (entry) next.set(id, entry);
    }
    this.#cache = next;
    return { events: [...next.values()].map((e) => e.event), source: 'cache', fetched: stale.length };
  }

  async #readAll(): Promise<FeedEventsRead> {
    const next = new Map<string, EventWithDigest>();
    for await (const { event, digest } of this.#store.feedEventsWithDigests()) next.set(event.id, { event: deepFreeze(event), digest });
    this.#cache = next;
    return { events: [...next.values()].map((e) => e.event), source: 'query', fetched: next.size };
  }
}

/** Cached events are shared by every later rebuild, so nothing may change them (strict mode: a write throws). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
