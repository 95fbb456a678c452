/**
 * The events a feed rebuild renders, read through a cache that lives as long as the process does (a
 * warm Lambda container, the local publisher).
 *
 * Every read starts with a Query of the feed index that returns only each event's id and version, so
 * the table still decides what the feeds contain. Events whose version the cache holds are reused;
 * the others are fetched with GetItem, and events gone from the index leave the cache. A rebuild
 * after a few new reports therefore reads a few events instead of all of them (10,000 events: about
 * 14 MB per rebuild otherwise). A cold cache, a `full` read, or a change to more events than
 * `maxFetch` is served by one full Query instead.
 *
 * A version only grows, and an event is fetched after the Query that listed its version, so a cached
 * event is never older than the version it is filed under: at worst it is fetched once more.
 */
import type { CeasefireEvent } from '#schemas/event.ts';
import type { EventStore, VersionedEvent } from '#commons/store/store.ts';
import { mapLimit } from './concurrency.ts';

/** Above this many changed events one full Query is cheaper than a GetItem each. */
export const MAX_FETCH = 200;
const GET_CONCURRENCY = 16;

export interface FeedEventsRead {
  /** Every event, newest first (feed index order). */
  events: CeasefireEvent[];
  /** How they were read: `query` = one full Query; `cache` = versions Query plus `fetched` GetItems. */
  source: 'query' | 'cache';
  fetched: number;
}

export class FeedEventReader {
  readonly #store: EventStore;
  readonly #maxFetch: number;
  #cache: Map<string, VersionedEvent> | undefined;

  constructor(store: EventStore, options: { maxFetch?: number } = {}) {
    this.#store = store;
    this.#maxFetch = options.maxFetch ?? MAX_FETCH;
  }

  async read(options: { full?: boolean } = {}): Promise<FeedEventsRead> {
    const cache = this.#cache;
    if (!cache || options.full) return this.#readAll();
    const versions = await this.#store.feedVersions();
    const stale = versions.filter((v) => cache.get(v.id)?.version !== v.version);
    if (stale.length > this.#maxFetch) return this.#readAll();
    const fetched = await mapLimit(stale, GET_CONCURRENCY, async (v) => {
      const event = await this.#store.getEvent(v.id);
      return event && { event: deepFreeze(event), version: v.version };
    });
    for (const entry of fetched) if (entry) cache.set(entry.event.id, entry);
    const next = new Map<string, VersionedEvent>();
    for (const { id } of versions) {
      const entry = cache.get(id);
      // Deleted between the Query and its GetItem: the next read no longer lists it either.
      if (entry) next.set(id, entry);
    }
    this.#cache = next;
    return { events: [...next.values()].map((e) => e.event), source: 'cache', fetched: stale.length };
  }

  async #readAll(): Promise<FeedEventsRead> {
    const next = new Map<string, VersionedEvent>();
    for await (const { event, version } of this.#store.feedEventsWithVersions()) next.set(event.id, { event: deepFreeze(event), version });
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
