/**
 * When each item last changed, as Atom `updated` and JSON Feed `date_modified` give it: distinct for
 * every development, stable, and within the second of its `updatedAt`.
 *
 * Every development an article reports shares that article's arrival time as its `updatedAt`, and
 * entries that share one `atom:updated` are what the W3C feed validator warns about (it reads as a
 * publishing system stamping a batch with one date). So each item's time keeps the second of its
 * `updatedAt` and takes its milliseconds from a hash of its id; the rare two that still meet are
 * told apart a millisecond at a time, in (time, id) order. An item's time thus depends on its own
 * data alone, save for such a meeting, and never on the clock or the order of the input.
 */
import type { CeasefireEvent } from '#schemas/event.ts';

/** Event id -> milliseconds since the epoch; events with an unreadable `updatedAt` are left out. */
export function itemUpdates(events: readonly CeasefireEvent[]): Map<string, number> {
  const wanted: { id: string; at: number }[] = [];
  for (const event of events) {
    const at = Date.parse(event.updatedAt);
    if (Number.isFinite(at)) wanted.push({ id: event.id, at: Math.floor(at / 1000) * 1000 + (idHash(event.id) % 1000) });
  }
  wanted.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const updates = new Map<string, number>();
  let previous = -Infinity;
  for (const { id, at } of wanted) {
    // Sorted, so the only time already taken that `at` can meet is the one just given out.
    const distinct = at <= previous ? previous + 1 : at;
    updates.set(id, distinct);
    previous = distinct;
  }
  return updates;
}

/** FNV-1a over the id's UTF-16 code units: event ids are hex digests, so any spread of them will do. */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
