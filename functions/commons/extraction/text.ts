/** Sentences with their offsets in the article body, and the folding used to compare names. */
import language from './data/language.json' with { type: 'json' };

export interface Sentence {
  /** Position among the article's sentences; the headline is -1. */
  index: number;
  text: string;
  /** Offsets in the article body; absent for the headline. */
  start?: number;
  end?: number;
}

const abbreviations = new Set(language.abbreviations.map((a) => a.toLowerCase()));

/** A full stop, question or exclamation mark, optionally closed by quotes or brackets. */
const TERMINATOR = /[.!?]+["'”’)\]]*(?=\s)/g;

/** True when the full stop at `end` belongs to an abbreviation or an initial (U.S., Feb., J.), not a sentence end. */
function isAbbreviation(text: string, end: number): boolean {
  const before = text.slice(Math.max(0, end - 12), end);
  const word = /([\p{L}.]+)\.$/u.exec(before)?.[1];
  if (!word) return false;
  if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(word)) return true; // U.S, U.N, J
  return abbreviations.has(word.replace(/\./g, '').toLowerCase());
}

/** The first letters of every month's name, and every weekday's name: regex sources, matched case-insensitively. */
export const MONTH_STEM = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
export const WEEKDAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';

/** "at 7:00 p.m. Tuesday", "from 6 a.m. GMT", "9:00 a.m. Moscow time": a clock time's full stop before a day, month or time zone ends no sentence. */
const CLOCK_END = /\b[ap]\.m$/i;
const DAY_OR_ZONE_NEXT = new RegExp(`^(?:${WEEKDAY}|${MONTH_STEM}|GMT|UTC|[A-Z]{2,3}T\\b|[A-Z][\\w-]+ time\\b)`, 'i');

/** "9:00 a.m. Moscow time": does the city or capital ending at `end` name a time zone, not a place or a state? */
export const namesTimeZone = (text: string, end: number) => /^\s+time\b/.test(text.slice(end, end + 6));

/** A line break inside a sentence of hard-wrapped text: no terminator before it, a lower-case word after it. */
const WRAPPED_LINE_BREAK = /(?<=[^\s.!?:;"”’'])\n(?=[a-zß-ÿ])/g;

/**
 * Splits plain text into sentences: every line break ends one, unless the text is hard-wrapped there ("a dozen
 * rockets from Gaza\nlanded in Israel"), and so does a terminator before a capital.
 */
export function splitSentences(text: string): Sentence[] {
  // The same length as the text, so offsets hold.
  const body = text.replace(WRAPPED_LINE_BREAK, ' ');
  const sentences: Sentence[] = [];
  const push = (start: number, end: number) => {
    const raw = body.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) sentences.push({ index: sentences.length, text, start: start + lead, end: start + lead + text.length });
  };
  let lineStart = 0;
  for (const line of body.split('\n')) {
    let sentenceStart = 0;
    TERMINATOR.lastIndex = 0;
    for (let m = TERMINATOR.exec(line); m; m = TERMINATOR.exec(line)) {
      const end = m.index + m[0].length;
      const next = line.slice(end).trimStart();
      if (!/^["“‘'(\[]?[\p{Lu}\d]/u.test(next)) continue;
      if (m[0].startsWith('.') && m[0].length === 1 && isAbbreviation(line, m.index + 1)) continue;
      if (m[0] === '.' && CLOCK_END.test(line.slice(Math.max(0, m.index - 4), m.index)) && DAY_OR_ZONE_NEXT.test(next)) continue;
      push(lineStart + sentenceStart, lineStart + end);
      sentenceStart = end;
    }
    push(lineStart + sentenceStart, lineStart + line.length);
    lineStart += line.length + 1;
  }
  return sentences;
}

const folded = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

/** Lowercase, no diacritics, no apostrophes, doubled letters collapsed: Dārayyā and Daraya compare equal. */
export function foldName(name: string): string {
  const cached = folded.get(name);
  if (cached !== undefined) return cached;
  if (folded.size > FOLD_CACHE_LIMIT) folded.clear();
  const result = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ʿʾ'’`‘]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/([a-z])\1+/g, '$1')
    .trim();
  folded.set(name, result);
  return result;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What `[...text.matchAll(regex)]` gives for a global regex, without the copy of the regex that matchAll
 * makes. V8 shares a copy's compiled code only while its compilation cache holds it, and that forgets
 * after a few garbage collections: a later copy of a big case-insensitive alternation (the outlets) is
 * compiled anew, case folding and all. `regex` is read from the start and left at lastIndex 0.
 */
export function allMatches(regex: RegExp, text: string): RegExpExecArray[] {
  if (!regex.global) throw new Error(`allMatches takes a global regex: /${regex.source}/${regex.flags}`);
  const matches: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m; m = regex.exec(text)) {
    matches.push(m);
    // An empty match moves on by one character (a code point under u or v), as matchAll does.
    if (m[0] === '') regex.lastIndex += /[uv]/.test(regex.flags) ? String.fromCodePoint(text.codePointAt(regex.lastIndex) ?? 0).length : 1;
  }
  return matches;
}

const NOT_AFTER_LETTER = '(?<![A-Za-z0-9\u00C0-\u024F])';
const NOT_BEFORE_LETTER = '(?![A-Za-z0-9\u00C0-\u024F])';

/**
 * True when `pattern` may have an alternative outside any group, so nothing can be put in front of it
 * as a whole. Innermost groups are dropped before looking for '|', so the test errs only towards true.
 */
const mayAlternateAtTop = (pattern: string) => pattern.replace(/\([^()]*\)/g, '').includes('|');

/** True when every match of `phrase` starts with an ASCII letter or digit, which is not optional. */
const startsWithWordCharacter = (phrase: string) => /^[A-Za-z0-9](?![?*{])/.test(phrase) && !mayAlternateAtTop(phrase);

/**
 * One alternation of regex `sources`, in their order, matching wherever any of them does (nowhere if
 * there are none). Consecutive sources that start with \\b share one: V8 then skips positions inside
 * words at once, instead of trying every alternative there (about 1.5 times faster on trigger patterns).
 */
export function anyOf(sources: string[], flags = 'i'): RegExp {
  if (sources.length === 0) return /(?!)/;
  const alternatives: string[] = [];
  let bounded: string[] = [];
  const closeRun = () => {
    if (bounded.length) alternatives.push(`\\b(?:${bounded.join('|')})`);
    bounded = [];
  };
  for (const source of sources) {
    if (source.startsWith('\\b') && !mayAlternateAtTop(source.slice(2))) {
      bounded.push(source.slice(2));
    } else {
      closeRun();
      alternatives.push(source);
    }
  }
  closeRun();
  return new RegExp(alternatives.join('|'), flags);
}

/**
 * One alternation of phrases as whole words. ASCII word boundaries without the u flag: several times
 * faster on every sentence, and the phrases are English words and names ("U.S." ends on a full stop,
 * so the boundary is a lookaround, not \\b). Phrases that start with a word character get a leading
 * \\b as well, which V8 checks first: most positions in a text are inside a word and are skipped at
 * once (with the lookbehind alone, matching costs up to twice as much). It also refuses a phrase right
 * after an underscore, which prose does not have.
 */
export function phraseRegExp(phrases: string[], flags = 'gi'): RegExp {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  // Consecutive phrases of the same kind share a group, so the alternatives keep their order.
  const runs: { wordStart: boolean; phrases: string[] }[] = [];
  for (const phrase of sorted) {
    const wordStart = startsWithWordCharacter(phrase);
    const last = runs[runs.length - 1];
    if (last?.wordStart === wordStart) last.phrases.push(phrase);
    else runs.push({ wordStart, phrases: [phrase] });
  }
  const alternatives = runs.map((run) => `${run.wordStart ? '\\b' : ''}${NOT_AFTER_LETTER}(?:${run.phrases.join('|')})`);
  return new RegExp(`(?:${alternatives.join('|')})${NOT_BEFORE_LETTER}`, flags);
}

/** The lookarounds of phraseRegExp, by code unit: a letter or digit, accented letters included. */
const isLetterOrDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);

/**
 * A finder for what `text.match(phraseRegExp(names.map(escapeRegExp), 'g'))` finds, for literal names,
 * without building that regex. The names to look for change with every article (the surnames of its
 * people), and compiling a regex per article cost more than the searches.
 */
export function nameFinder(names: string[]): (text: string) => string[] {
  const find = nameFinderAt(names);
  return (text) => find(text).map(([, name]) => name);
}

/** As nameFinder, with where each name stands in the text. */
function nameFinderAt(names: string[]): (text: string) => [at: number, name: string][] {
  const sorted = [...new Set(names)].sort((a, b) => escapeRegExp(b).length - escapeRegExp(a).length);
  // Names that start with a letter or digit also have phraseRegExp's \\b before them: no underscore either.
  const wordStart = sorted.map((name) => startsWithWordCharacter(escapeRegExp(name)));
  return (text) => {
    const hits: [at: number, order: number][] = [];
    sorted.forEach((name, order) => {
      for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
        const before = at === 0 ? -1 : text.charCodeAt(at - 1);
        const after = at + name.length === text.length ? -1 : text.charCodeAt(at + name.length);
        if (!isLetterOrDigit(before) && !(wordStart[order] && before === 95) && !isLetterOrDigit(after)) hits.push([at, order]);
      }
    });
    // Left to right; where several names start at one place, the first in order; no overlaps.
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const found: [number, string][] = [];
    let from = 0;
    for (const [at, order] of hits) {
      if (at < from) continue;
      found.push([at, sorted[order]!]);
      from = at + sorted[order]!.length;
    }
    return found;
  };
}

/** JavaScript's \\s (white space and line terminators), by code unit. */
function isWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const UNUSUAL_SPACING = /[^\S ]| {2}/;

/**
 * The words just before `index` in `text`, lowercased and joined by single spaces, for cue matching.
 * Read backwards in place: this runs for every trigger and many mentions, and splitting a slice into
 * an array of words cost about twice as much.
 */
export function wordsBefore(text: string, index: number, count: number): string {
  // Words average well under 12 characters: a bounded window keeps this O(count), not O(sentence).
  // The window may start inside a word, so its first word counts only when the window starts the text.
  const from = Math.max(0, index - count * 12);
  let end = index;
  while (end > from && isWhitespace(text.charCodeAt(end - 1))) end--;
  let start = end;
  let cursor = end;
  for (let words = 0; words < count && cursor > from; words++) {
    let wordStart = cursor;
    while (wordStart > from && !isWhitespace(text.charCodeAt(wordStart - 1))) wordStart--;
    let previousEnd = wordStart;
    while (previousEnd > from && isWhitespace(text.charCodeAt(previousEnd - 1))) previousEnd--;
    if (previousEnd === from && from > 0) break;
    start = wordStart;
    cursor = previousEnd;
  }
  const words = text.slice(start, end);
  return (UNUSUAL_SPACING.test(words) ? words.replace(/\s+/g, ' ') : words).toLowerCase();
}
