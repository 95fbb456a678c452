/**
 * The one ordering of events in every feed: newest first by the date the development occurred,
 * then by id. It is derived from data only, so a feed's order is stable across rebuilds.
 *
 * The store's `feed` index sort key is exactly `feedOrderKey(event)`, so a descending Query returns
 * the same order that `compareNewestFirst` gives in memory. `occurred.date` is `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`, and `#` sorts before `-` and digits, so a year-only date sorts as the oldest of its
 * year ("2016#…" < "2016-01#…" < "2016-01-01#…"), exactly as comparing the date strings would.
 */
import type { CeasefireEvent } from '#schemas/event.ts';

export function feedOrderKey(event: Pick<CeasefireEvent, 'id' | 'occurred'>): string {
  return `${event.occurred.date}#${event.id}`;
}

/** Sort comparator: newest first (descending feed order key). */
export function compareNewestFirst(
  a: Pick<CeasefireEvent, 'id' | 'occurred'>,
  b: Pick<CeasefireEvent, 'id' | 'occurred'>,
): number {
  const ka = feedOrderKey(a);
  const kb = feedOrderKey(b);
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}
