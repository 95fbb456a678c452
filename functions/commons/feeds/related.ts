/**
 * Earlier related developments: a later development of a truce (it takes effect, is violated, is
 * extended, collapses) is its own feed item, and links back to what came before in the same theatre,
 * so a reader who sees "Truce in Yemen collapses" can follow it to "Parties agree truce in Yemen".
 *
 * Deterministic from the event set alone (no clock, no input order):
 * - candidates share the theatre country and came strictly earlier: an earlier `occurred` date, or
 *   the same date and an earlier stage (talks < proposal < agreement/humanitarian < implementation <
 *   extension/violation < breakdown/collapse), so same-day reports still read in order;
 * - at most `RELATED_WINDOW_DAYS` before the development;
 * - the `RELATED_LIMIT` nearest ones, newest first; and for a change of state (implementation,
 *   extension, violation, breakdown, collapse) the latest earlier agreement in the window is always
 *   included, since that is the truce the development is about; with no agreement, the latest start
 *   of a truce (a deal reported as part of its start has no item of its own).
 */
import type { CeasefireEvent, EventType } from '#schemas/event.ts';
import { dateRefTime } from './describe.ts';

export const RELATED_LIMIT = 3;
export const RELATED_WINDOW_DAYS = 365;
/** At most this many later developments on a development's page (an agreement is linked from every later violation). */
const LATER_LIMIT = 5;

const STAGE: Record<EventType, number> = {
  talks: 0,
  proposal: 1,
  agreement: 2,
  humanitarian: 2,
  implementation: 3,
  extension: 4,
  violation: 4,
  breakdown: 5,
  collapse: 5,
};
const STATE_CHANGES: ReadonlySet<EventType> = new Set(['implementation', 'extension', 'violation', 'breakdown', 'collapse']);
const DAY_MS = 86_400_000;

interface Entry {
  event: CeasefireEvent;
  time: number;
}

function compareChronological(a: CeasefireEvent, b: CeasefireEvent): number {
  const da = a.occurred.date;
  const db = b.occurred.date;
  if (da !== db) return da < db ? -1 : 1;
  const sa = STAGE[a.type] ?? 9;
  const sb = STAGE[b.type] ?? 9;
  if (sa !== sb) return sa - sb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isEarlier(candidate: CeasefireEvent, event: CeasefireEvent): boolean {
  const dc = candidate.occurred.date;
  const de = event.occurred.date;
  if (dc !== de) return dc < de;
  return (STAGE[candidate.type] ?? 9) < (STAGE[event.type] ?? 9);
}

/** Event id -> its earlier related developments, newest first (only ids that have any). */
export function relatedDevelopments(events: readonly CeasefireEvent[]): Map<string, CeasefireEvent[]> {
  const byTheatre = new Map<string, Entry[]>();
  for (const event of events) {
    const entry = { event, time: dateRefTime(event.occurred.date) };
    const group = byTheatre.get(event.theatre.country);
    if (group) group.push(entry);
    else byTheatre.set(event.theatre.country, [entry]);
  }
  const related = new Map<string, CeasefireEvent[]>();
  const windowMs = RELATED_WINDOW_DAYS * DAY_MS;
  for (const group of byTheatre.values()) {
    group.sort((a, b) => compareChronological(a.event, b.event));
    for (let i = 1; i < group.length; i++) {
      const { event, time } = group[i]!;
      const found: CeasefireEvent[] = [];
      let agreement: CeasefireEvent | undefined;
      // A truce known only by its start (its deal was reported as part of it) is that start.
      let start: CeasefireEvent | undefined;
      const wantAgreement = STATE_CHANGES.has(event.type);
      for (let j = i - 1; j >= 0; j--) {
        const candidate = group[j]!;
        if (time - candidate.time > windowMs) break;
        if (!isEarlier(candidate.event, event)) continue;
        if (candidate.event.type === 'implementation') start ??= candidate.event;
        if (found.length < RELATED_LIMIT) {
          found.push(candidate.event);
          if (candidate.event.type === 'agreement') agreement = candidate.event;
        } else if (wantAgreement && !agreement && candidate.event.type === 'agreement') {
          agreement = candidate.event;
          found.push(candidate.event);
        }
        if (found.length >= RELATED_LIMIT && (!wantAgreement || agreement)) break;
      }
      if (wantAgreement && !agreement && start && event.type !== 'implementation' && !found.includes(start)) found.push(start);
      if (found.length) related.set(event.id, found);
    }
  }
  return related;
}

/**
 * The inverse, for a development's page: event id -> the later developments that link back to it,
 * nearest first, at most `LATER_LIMIT`.
 */
export function laterDevelopments(related: ReadonlyMap<string, readonly CeasefireEvent[]>, events: readonly CeasefireEvent[]): Map<string, CeasefireEvent[]> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const later = new Map<string, CeasefireEvent[]>();
  for (const [id, earlier] of related) {
    const event = byId.get(id);
    if (!event) continue;
    for (const e of earlier) {
      const list = later.get(e.id);
      if (list) list.push(event);
      else later.set(e.id, [event]);
    }
  }
  for (const [id, list] of later) later.set(id, list.sort(compareChronological).slice(0, LATER_LIMIT));
  return later;
}
