/**
 * Dates in article text, as DateRefs. chrono-node reads the phrases; this module decides what they
 * mean here: which reading of 09/05/2016, which Friday ("on Friday" in a report is the last one),
 * whether a date starts or ends a truce, and never calls a date explicit unless the text writes it in full.
 */
import { casual, Chrono, GB } from 'chrono-node/en';
import type { Article, DateRef } from '#schemas/event.ts';
import { toldAsPast } from './clauses.ts';
import language from './data/language.json' with { type: 'json' };
import { allMatches, anyOf, escapeRegExp, MONTH_STEM, phraseRegExp, WEEKDAY, wordsBefore } from './text.ts';

export type DateRole = 'occurred' | 'effective' | 'ends';

export interface DateMention {
  ref: DateRef;
  role: DateRole;
  start: number;
  end: number;
  /** Read from a clock time alone ("at midnight"): the article's day, unless the text gives one. */
  clockOnly?: boolean;
}

/** The date everything relative in an article is resolved against, with every reading when ambiguous. */
export interface ReferenceDate {
  ref: DateRef;
  /** One Date per reading (UTC noon), the chosen one first. */
  readings: Date[];
  /** In history told as history, the year the story has reached: a month and day written without a year fall in it. */
  storyYear?: number;
}

const DAY_MS = 86_400_000;

/**
 * chrono's casual English, and its British order (GB) for day-first articles. Its clock-time parser stays:
 * "take effect at 12:00 local time on 10 October" ties the cue to a date only through the time expression.
 */
const chronoEnglish = casual;
/**
 * GB differs from casual only in its parsers of numeric and month-first dates. It reads with casual's
 * instances of every other parser (same class, same settings), so V8 compiles their regexes once for
 * both: the time-unit ones take tens of milliseconds each, and the first day-first article paid them again.
 */
const chronoBritish = new Chrono({
  parsers: GB.parsers.map((own, i) => {
    const shared = casual.parsers[i];
    return shared?.constructor === own.constructor && JSON.stringify(shared) === JSON.stringify(own) ? shared : own;
  }),
  refiners: GB.refiners,
});
/** Words and numbers that chrono can read a date from; only the text around them is parsed. */
const DATE_HINT_SOURCES = [
  `\\b${MONTH_STEM}[a-z]*\\.?\\s+\\d`,
  `\\b\\d{1,2}\\s+${MONTH_STEM}`,
  `\\b${WEEKDAY}\\b`,
  '\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}',
  '\\b(?:yesterday|today|tonight|tomorrow|ago)\\b',
  // "agreed last night": the evening before the report.
  '\\blast\\s+night\\b',
  '\\b(?:last|next|this|coming|past)\\s+(?:week|month|year|weekend)',
  '\\bin\\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\\d+)\\s+(?:days?|weeks?|months?)\\b',
  '\\b(?:early|mid|late|earlier|later)[- ](?:this\\s+)?(?:week|month|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)',
  '\\b(?:january|february|march|april|june|july|august|september|october|november|december)\\b',
  // A clock time alone dates a start to the day it is announced ("will take effect at 9 p.m.").
  '\\b\\d{1,2}(?:[:.]\\d{2})?\\s*[ap]\\.?m\\b',
  '\\b(?:midnight|noon)\\b',
];
/** A year alone after a preposition ("talks hosted by Kuwait in 2016"): read by YEAR_ONLY, no chrono needed. */
const YEAR_HINT = '\\b(?:in|since|during|by|of|until)\\s+(?:19|20)\\d{2}\\b';
const DATE_HINT = anyOf([...DATE_HINT_SOURCES, YEAR_HINT], 'i');
const DATE_HINTS = anyOf(DATE_HINT_SOURCES, 'gi');
/** A date written in full has its year written. */
const YEAR = /\b\d{4}\b/g;
const NUMERIC_DATE = /\b(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b/;
const YEAR_ONLY = /\b(?:in|since|during|by|of|until)\s+((?:19|20)\d{2})\b(?![/.\d])/gi;
const CUE_ADVERB = /\s(?:fully|formally|officially)\s/gi;
const PERIOD = /^(?:the\s+)?(?:last|past|next)\s+\d+\s+[a-z]+/i;
const effectiveCue = phraseRegExp(language.effectiveCues.map(escapeRegExp), 'i');
/** "from midnight", "as of 20:00 GMT on Sunday": a preposition that starts a truce only right before its date (clock times removed). */
const effectivePreposition = new RegExp(`\\b(?:${language.effectivePrepositions.map(escapeRegExp).join('|')})(?:\\s+(?:on|at))?\\s*$`, 'i');
/** chrono reads "from 17:00 on Friday" with its preposition. */
const opensWithEffectivePreposition = new RegExp(`^(?:${language.effectivePrepositions.map(escapeRegExp).join('|')})\\b`, 'i');
const endCue = phraseRegExp(language.endCues.map(escapeRegExp), 'i');
const PAST_CUE = /\b(?:began|started|took|went|came|entered|kicked|commenced|expired|ended|lapsed|was|were)\b/i;
/** "a March 1 ceasefire": the date names when the truce starts. */
const TRUCE_NOUN_AFTER = /^\s*(?:cease-?fire|truce|cessation|armistice|pause)/i;

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utcNoon = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 12));

export function dayRef(date: Date, basis: DateRef['basis'], ambiguous?: string[]): DateRef {
  return { date: isoDay(date), precision: 'day', basis, ...(ambiguous ? { ambiguous } : {}) };
}

/** Parses 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' as written (never shifting time zones). */
export function parseIsoDate(value: string): Date | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  return m ? utcNoon(Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)) : undefined;
}

/** Both readings of a numeric date such as 09/05/2016, day-first first, when they differ. */
function numericReadings(text: string): { readings: Date[]; start: number; end: number } | undefined {
  const m = NUMERIC_DATE.exec(text);
  if (!m) return undefined;
  const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const valid = (d: number, mo: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  const readings = [valid(a, b) ? utcNoon(year, b, a) : undefined, valid(b, a) ? utcNoon(year, a, b) : undefined].filter(
    (d): d is Date => Boolean(d),
  );
  const distinct = readings.filter((d, i) => readings.findIndex((e) => e.getTime() === d.getTime()) === i);
  return distinct.length ? { readings: distinct, start: m.index, end: m.index + m[0].length } : undefined;
}

/**
 * The reference date of an article: supplied metadata first, then a date written in full near the
 * top (dateline, byline, photo caption), else the time it was received.
 */
export function referenceDate(article: Pick<Article, 'body' | 'publishedAt' | 'receivedAt'>): ReferenceDate {
  const supplied = article.publishedAt ? parseIsoDate(article.publishedAt.date) : undefined;
  if (article.publishedAt && supplied) return { ref: article.publishedAt, readings: [supplied] };
  const top = article.body.slice(0, 900);
  const numeric = numericReadings(top);
  const written = parseNearHints(chronoEnglish, top, new Date(article.receivedAt), YEAR)
    // Only a date written in full: chrono also "knows" the day of "two days before", computed from now.
    .find(({ result: r }) => /\b\d{4}\b/.test(r.text) && r.start.isCertain('year') && r.start.isCertain('month') && r.start.isCertain('day'));
  if (numeric && (!written || numeric.start <= written.offset + written.result.index)) {
    const ambiguous = numeric.readings.length > 1 ? numeric.readings.map(isoDay).sort() : undefined;
    return { ref: dayRef(numeric.readings[0]!, 'explicit', ambiguous), readings: numeric.readings };
  }
  if (written) {
    const c = written.result.start;
    const date = utcNoon(c.get('year')!, c.get('month')!, c.get('day')!);
    return { ref: dayRef(date, 'explicit'), readings: [date] };
  }
  const received = new Date(article.receivedAt);
  const date = utcNoon(received.getUTCFullYear(), received.getUTCMonth() + 1, received.getUTCDate());
  return { ref: dayRef(date, 'received'), readings: [date] };
}

/**
 * Clock times and time zones between a cue and its date ("take effect at 18:00 local time (15:00 GMT) today", "start the
 * ceasefire at midnight local time Tuesday", "from 9:00 a.m. Moscow time (0600 GMT) on", "Effective, 0000 hours (2300 gmt)").
 */
const CLOCK = /\(?\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?|\b)\)?|\b\d{1,2}\s*[ap]\.?m\.?|\b\d{4}\s*(?:hours|hrs|GMT|UTC|gmt|utc)\b|\b(?:local time|GMT|UTC|Moscow time|[A-Z]{2,3}T|(?:at )?(?:midnight|noon))\b|[()]/g;

function roleOf(sentence: string, start: number, end: number): DateRole {
  // "come fully into force on": an adverb does not hide the cue.
  const prefix = sentence.slice(Math.max(0, start - 80), start).replace(CLOCK, ' ').replace(CUE_ADVERB, ' ');
  const before = wordsBefore(prefix, prefix.length, 4);
  if (endCue.test(before)) return 'ends';
  const cue = effectiveCue.exec(before);
  // "forces from Tigray agreed on Wednesday": a deal's verb after the cue dates the deal, not a start.
  if ((cue && !DEAL_VERB.test(before.slice(cue.index + cue[0].length))) || effectivePreposition.test(prefix) || opensWithEffectivePreposition.test(sentence.slice(start, end)) || TRUCE_NOUN_AFTER.test(sentence.slice(end))) return 'effective';
  return 'occurred';
}
const DEAL_VERB = /\b(?:agreed|signed|accepted|announced|declared|reached|said)\b/i;

/** The weekday `weekday` (0 = Sunday) nearest `reference` going back (reports) or forward (plans). */
function resolveWeekday(reference: Date, weekday: number, forward: boolean): Date {
  const delta = forward ? (weekday - reference.getUTCDay() + 7) % 7 : -((reference.getUTCDay() - weekday + 7) % 7);
  return new Date(reference.getTime() + delta * DAY_MS);
}

interface Reading {
  date: Date;
  precision: DateRef['precision'];
  explicit: boolean;
}

/** What one chrono result means against one reading of the reference date. */
function interpret(
  result: ReturnType<typeof chronoEnglish.parse>[number],
  reference: Date,
  forward: boolean,
  role: DateRole,
  storyYear?: number,
): Reading | undefined {
  const c = result.start;
  const hasYearWritten = /\b\d{4}\b/.test(result.text);
  if (c.isCertain('weekday') && !c.isCertain('day')) {
    return { date: resolveWeekday(reference, c.get('weekday')!, forward), precision: 'day', explicit: false };
  }
  if (!c.isCertain('day') && !c.isCertain('month') && !c.isCertain('year')) {
    // A time of day alone: "took effect from midnight" starts the truce on the day reported; otherwise no date.
    return role === 'occurred' ? undefined : { date: reference, precision: 'day', explicit: false };
  }
  let date = utcNoon(c.get('year')!, c.get('month')!, c.get('day')!);
  // "May 22, 48 hours later" is not 22 May 2048, nor "midnight of February 24/25" 24 February 2025: a two-digit
  // number after the day is no year.
  const yearGuessed = !hasYearWritten && /\b\d{1,2}(?:,\s*|\/)\d{2}(?!\d)/.test(result.text);
  if ((!c.isCertain('year') || yearGuessed) && !hasYearWritten) {
    // "July 5" without a year: in a history, the story's year; else the nearest such day before the reference
    // for reports, after it for plans.
    const year = storyYear ?? reference.getUTCFullYear();
    date = utcNoon(year, c.get('month')!, c.get('day')!);
    if (storyYear === undefined && !forward && date.getTime() > reference.getTime() + DAY_MS) date = utcNoon(year - 1, c.get('month')!, c.get('day')!);
    if (storyYear === undefined && forward && date.getTime() < reference.getTime() - DAY_MS) date = utcNoon(year + 1, c.get('month')!, c.get('day')!);
  }
  const precision: DateRef['precision'] = c.isCertain('day') ? 'day' : c.isCertain('month') ? 'month' : 'year';
  return { date, precision, explicit: hasYearWritten && (precision !== 'day' || c.isCertain('day')) };
}

function toRef(readings: Reading[], basisIfRelative: DateRef['basis']): DateRef {
  const first = readings[0]!;
  const format = (r: Reading) => (r.precision === 'day' ? isoDay(r.date) : r.precision === 'month' ? isoDay(r.date).slice(0, 7) : isoDay(r.date).slice(0, 4));
  const distinct = [...new Set(readings.map(format))];
  return {
    date: format(first),
    precision: first.precision,
    basis: first.explicit ? 'explicit' : basisIfRelative,
    ...(distinct.length > 1 ? { ambiguous: distinct.sort() } : {}),
  };
}

const HINT_WINDOW = 24;

/**
 * chrono runs every parser over the whole text it is given, at a cost that grows with its length;
 * giving it only the stretches around `hints` (a global regex) keeps extraction within its budget.
 */
function parseNearHints(parser: typeof chronoEnglish, sentence: string, instant: Date, hints: RegExp) {
  hints.lastIndex = 0;
  const windows: [number, number][] = [];
  for (let m = hints.exec(sentence); m; m = hints.exec(sentence)) {
    const from = Math.max(0, m.index - HINT_WINDOW);
    const to = Math.min(sentence.length, m.index + m[0].length + HINT_WINDOW);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  return windows.flatMap(([from, to]) => {
    // Widen to word boundaries so a window never starts or ends inside a word.
    const start = sentence.lastIndexOf(' ', from) + 1;
    const endSpace = sentence.indexOf(' ', to);
    const end = endSpace === -1 ? sentence.length : endSpace;
    return parser.parse(sentence.slice(start, end), { instant, timezone: 0 }).map((result) => ({ result, offset: start }));
  });
}

/**
 * Every date in a sentence with its role. Relative dates resolve against each reading of the reference,
 * so an ambiguous reference stays visibly ambiguous. `future` says the sentence talks about plans (a date in a
 * clause told in the past stays behind the report).
 */
export function findDates(sentence: string, reference: ReferenceDate, future: boolean): DateMention[] {
  if (!DATE_HINT.test(sentence)) return [];
  const mentions: DateMention[] = [];
  const numeric = numericReadings(sentence);
  if (numeric) {
    const readings = numeric.readings.map((date) => ({ date, precision: 'day' as const, explicit: true }));
    const chosen = readings.sort((a, b) => Math.abs(a.date.getTime() - reference.readings[0]!.getTime()) - Math.abs(b.date.getTime() - reference.readings[0]!.getTime()));
    mentions.push({ ref: toRef(chosen, 'explicit'), role: roleOf(sentence, numeric.start, numeric.end), start: numeric.start, end: numeric.end });
  }
  const parser = reference.ref.ambiguous ? chronoBritish : chronoEnglish;
  for (const found of parseNearHints(parser, sentence, reference.readings[0]!, DATE_HINTS)) {
    const { offset } = found;
    // "will last 180 days", "in the past 24 hours": a stretch of time, not a day.
    if (PERIOD.test(found.result.text)) continue;
    const clock = found.result.start;
    const clockOnly = !clock.isCertain('day') && !clock.isCertain('weekday') && !clock.isCertain('month');
    // "at 9:45 p.m. on May 22, 48 hours later": chrono may keep the clock and lose the day that follows it.
    const dayAfter = clockOnly ? dayRightAfter(parser, sentence, offset + found.result.index + found.result.text.length, reference.readings[0]!) : undefined;
    const result = dayAfter ?? found.result;
    const start = offset + found.result.index;
    // The mention spans what chrono read, even when the day after it gave the date.
    const end = start + found.result.text.length;
    if (mentions.some((m) => start < m.end && end > m.start)) continue;
    const role = roleOf(sentence, start, end);
    const forward = role !== 'occurred' ? !PAST_CUE.test(wordsBefore(sentence, start, 4)) : future && !toldAsPast(sentence, start);
    // chrono resolved "today" or "last week" against the first reading; the others need their own parse.
    const resultFor = (r: Date, i: number) => (i === 0 ? result : (parser.parse(result.text, { instant: r, timezone: 0 })[0] ?? result));
    const readings = reference.readings.map((r, i) => interpret(resultFor(r, i), r, forward, role, reference.storyYear)).filter((r): r is Reading => Boolean(r));
    if (readings.length === 0) continue;
    const basis = reference.ref.basis === 'received' ? 'received' : 'relative';
    mentions.push({ ref: toRef(readings, basis), role, start, end, ...(clockOnly && !dayAfter ? { clockOnly } : {}) });
  }
  dropClockBeforeDay(mentions);
  YEAR_ONLY.lastIndex = 0;
  for (let m = YEAR_ONLY.exec(sentence); m; m = YEAR_ONLY.exec(sentence)) {
    const start = m.index + m[0].length - m[1]!.length;
    if (mentions.some((x) => start < x.end && start + 4 > x.start)) continue;
    mentions.push({ ref: { date: m[1]!, precision: 'year', basis: 'explicit' }, role: roleOf(sentence, start, start + 4), start, end: start + 4 });
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** The day written right after a clock time ("at 9:45 p.m. on May 22"), read on its own. */
function dayRightAfter(parser: typeof chronoEnglish, sentence: string, from: number, instant: Date) {
  const next = /^\s+on\s+[^,;.]{3,20}/.exec(sentence.slice(from, from + 30))?.[0];
  const result = next ? parser.parse(next, { instant, timezone: 0 })[0] : undefined;
  return result && (result.start.isCertain('day') || result.start.isCertain('weekday')) ? result : undefined;
}

/** "at 9:45 p.m. on May 22": a clock time stands for the article's day only when no day follows it. */
const CLOCK_THEN_DAY_CHARS = 25;
function dropClockBeforeDay(mentions: DateMention[]): void {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i]!;
    if (!m.clockOnly) continue;
    if (mentions.some((d) => !d.clockOnly && d.start >= m.end && d.start - m.end <= CLOCK_THEN_DAY_CHARS)) mentions.splice(i, 1);
  }
}

/** Dated by the article (its metadata or when it arrived), not by its text. */
export const isUndated = (d: DateRef) => d.basis === 'metadata' || d.basis === 'received';

/** Days from `ref` back to the reference date (positive: the date lies before it). */
export function daysBefore(ref: DateRef, reference: ReferenceDate): number {
  const date = parseIsoDate(ref.date);
  if (!date) return 0;
  const end = ref.precision === 'day' ? date : ref.precision === 'month' ? utcNoon(date.getUTCFullYear(), date.getUTCMonth() + 2, 0) : utcNoon(date.getUTCFullYear(), 12, 31);
  return Math.round((reference.readings[0]!.getTime() - end.getTime()) / DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier), by their first possible day. */
export function daysBetween(from: DateRef, to: DateRef): number | undefined {
  const a = parseIsoDate(from.date);
  const b = parseIsoDate(to.date);
  return a && b ? Math.round((b.getTime() - a.getTime()) / DAY_MS) : undefined;
}

/** Older than this, the date an article opens with opens a history, not a report. */
const HISTORY_DAYS = 365;
/** The sentences a report's news is told in first. */
const OPENING_SENTENCES = 3;
/** "PRAGUE, August 30, 2006 (RFE/RL) -- On August 6, 1996, ...": the dateline ends at its dash. */
const DATELINE_DASH = /\s(?:--|—|–)\s/;
const MONTH_NAME = `${MONTH_STEM}[a-z]*\\.?`;
/** A year written as part of a date ("August 6, 1996", "6 August 1996", "in 1996"), not a number of troops. */
const WRITTEN_YEAR = new RegExp(
  `(?:\\b(?:in|of|since|during|until|by)\\s+|\\b${MONTH_NAME}\\s+(?:\\d{1,2}(?:st|nd|rd|th)?,?\\s+)?|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_NAME},?\\s+)((?:1[89]|20)\\d{2})\\b`,
  'gi',
);

/** Where a sentence's own text starts: after the dateline in the body's first sentence. */
const afterDateline = (text: string, index: number) => {
  const dash = index === 0 ? DATELINE_DASH.exec(text.slice(0, 100)) : null;
  return dash ? dash.index + dash[0].length : 0;
};

/**
 * The date a history opens with: the body's first dated sentence (after the dateline) dates everything
 * it tells more than a year before the article, starting with a day written in full. A report opens with its news.
 */
export function historyOpening(sentences: string[], reference: ReferenceDate): DateRef | undefined {
  for (const [index, text] of sentences.slice(0, OPENING_SENTENCES).entries()) {
    const from = afterDateline(text, index);
    const dates = findDates(text, reference, false).filter((m) => m.start >= from);
    if (dates.length === 0) continue;
    const first = dates[0]!.ref;
    const opensInPast = first.basis === 'explicit' && first.precision === 'day' && dates.every((m) => daysBefore(m.ref, reference) > HISTORY_DAYS);
    return opensInPast ? first : undefined;
  }
  return undefined;
}

/** For each sentence of a history, the last year the text wrote before it: the year its story has reached. */
export function storyYears(sentences: string[], reference: ReferenceDate): (number | undefined)[] {
  const latest = reference.readings[0]!.getUTCFullYear();
  let year: number | undefined;
  return sentences.map((text, index) => {
    const reached = year;
    for (const m of allMatches(WRITTEN_YEAR, text.slice(afterDateline(text, index)))) {
      if (Number(m[1]) <= latest) year = Number(m[1]);
    }
    return reached;
  });
}
