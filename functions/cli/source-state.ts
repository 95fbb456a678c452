/** How a followed source is doing, in words, for `sources list` and `status`. */
import type { Source } from '#commons/sources/registry.ts';

export const utcTime = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function since(iso: string, now: number): string {
  const hours = Math.floor((now - Date.parse(iso)) / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : hours >= 1 ? `${hours} h` : 'under an hour';
}

/** One line on how a source is doing. */
export function describeState(source: Source, now: number): string {
  const dropped = `${source.itemsDropped ?? 0} item${source.itemsDropped === 1 ? '' : 's'} since it was added`;
  if (source.lastError && source.failingSince) {
    const wait = source.retryAfter && Date.parse(source.retryAfter) > now ? `; not asked again before ${utcTime(source.retryAfter)}` : '';
    return `FAILING since ${utcTime(source.failingSince)} (${since(source.failingSince, now)}): ${source.lastError.message} (${source.lastError.kind}, last try ${utcTime(source.lastError.at)})${wait}; ${dropped}`;
  }
  if (!source.lastSuccessAt) return `not polled yet (added ${utcTime(source.addedAt)})`;
  return `last polled ${utcTime(source.lastSuccessAt)}: ${source.lastNewItems ?? 0} new item${source.lastNewItems === 1 ? '' : 's'}; ${dropped}`;
}

