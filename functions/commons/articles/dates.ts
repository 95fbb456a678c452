/**
 * Dates that come with an article as metadata (supplied, front matter, meta tags, feed items, JSON).
 * The calendar date is taken as written: no time-zone conversion, so '2016-02-12T23:30:00-05:00' is
 * 2016-02-12. Free text is never parsed here; the extractor reads dates from the body.
 */
import type { DateRef } from '#schemas/event.ts';

/** Month names and abbreviations (English, plus the Portuguese, Spanish, French and German ones feeds use). */
const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  fev: 2, abr: 4, mai: 5, ago: 8, set: 9, out: 10, dez: 12, ene: 1, dic: 12,
  janv: 1, 'févr': 2, fevr: 2, mars: 3, avr: 4, juin: 6, juil: 7, 'août': 8, aout: 8, 'déc': 12,
  'mär': 3, 'märz': 3, okt: 10,
};

const pad = (n: number): string => String(n).padStart(2, '0');

function isValidDay(year: number, month: number, day: number): boolean {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function dayRef(year: number, month: number, day: number): DateRef | undefined {
  if (!isValidDay(year, month, day)) return undefined;
  return { date: `${year}-${pad(month)}-${pad(day)}`, precision: 'day', basis: 'metadata' };
}

function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? MONTHS[key.slice(0, 4)] ?? MONTHS[key.slice(0, 3)];
}

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d{1,2}:\d{2})/;
const ISO_COMPACT = /^(\d{4})(\d{2})(\d{2})T\d{2}/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\b/;
// RFC 822 / 2822: "Fri, 12 Feb 2016 23:30:00 -0500", also without weekday or seconds.
const RFC822 = /^(?:\p{L}{2,9}\.?,?\s+)?(\d{1,2})\.?\s+(\p{L}{3,9})\.?,?\s+(\d{2}|\d{4})(?:\s|$)/u;
// "February 12, 2016", "Feb. 12 2016", optionally after a weekday.
const MONTH_FIRST = /^(?:\p{L}{2,9}\.?,?\s+)?(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s|,|$)/u;

/**
 * Parses a metadata date: 'YYYY-MM-DD', ISO 8601 timestamps, 'YYYY-MM', 'YYYY', 'YYYY/MM/DD',
 * RFC 822 dates and 'Month D, YYYY'. Returns a DateRef with basis 'metadata', or undefined when the
 * value is not one of these or not a real calendar date.
 */
export function parseMetadataDate(value: unknown): DateRef | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return dayRef(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number' && Number.isInteger(value)) value = String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > 100) return undefined;

  let m = ISO.exec(text) ?? ISO_COMPACT.exec(text) ?? SLASHED.exec(text);
  if (m) return dayRef(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ISO_MONTH.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return isValidDay(year, month, 1) ? { date: `${year}-${pad(month)}`, precision: 'month', basis: 'metadata' } : undefined;
  }
  m = YEAR.exec(text);
  if (m) {
    const year = Number(m[1]);
    return isValidDay(year, 1, 1) ? { date: String(year), precision: 'year', basis: 'metadata' } : undefined;
  }
  m = RFC822.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? dayRef(fullYear(m[3]!), month, Number(m[1])) : undefined;
  }
  m = MONTH_FIRST.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? dayRef(Number(m[3]), month, Number(m[2])) : undefined;
  }
  return undefined;
}
