/**
 * A cheap test that a regex cannot match a text: the words any match must start with, read from the
 * pattern's source, looked for among the words of the text. A sentence holds the first words of few of
 * the trigger patterns, and finding them rejects all the others at once, where running each pattern (or
 * one alternation of them all) tries its alternatives at every word of the sentence.
 *
 * A word is a run of ASCII letters, digits and underscores, as `\b` sees words without the u flag
 * (ASCII letters then match only ASCII letters, whatever the case). A word's key is its first KEY_LENGTH
 * characters, lowercased, so that a pattern may start with a stem ("propos", "evacuat") as well as a word.
 */

const KEY_LENGTH = 4;
/** A pattern whose first word has more spellings than this is not worth reading: it is always run. */
const MAX_SPELLINGS = 1000;

/** What KeyedRegExps found in one text. */
export interface KeyedScan {
  /** The indices, in ascending order, of the regexes that may match the text; the others cannot. */
  candidates: Int32Array;
  /** What `regexes[i].exec(text)` gives, trying only the places where a match of it can start. */
  exec(i: number): RegExpExecArray | null;
}

/**
 * Regexes indexed by the keys of the words their matches start with: one pass over a text finds the
 * words with a key (so the words without one, most, cost no JavaScript), which tells which regexes
 * may match, and where. Each is then tried at those words only, anchored, instead of searched for
 * across the text. The regexes must not have the g or y flag: exec finds the first match.
 */
export class KeyedRegExps {
  readonly #byKey = new Map<string, number[]>();
  readonly #regexes: readonly RegExp[];
  /** Each keyed regex, sticky: it matches where it is put, or not at all. */
  readonly #anchored: (RegExp | undefined)[];
  readonly #unkeyed: number[] = [];
  /** Finds the words that have a key: a key of KEY_LENGTH starts one, a shorter key is a whole word. */
  readonly #keyFinder: RegExp;

  constructor(regexes: readonly RegExp[]) {
    this.#regexes = regexes;
    this.#anchored = regexes.map((regex, i) => {
      if (/[gy]/.test(regex.flags)) throw new Error(`KeyedRegExps takes regexes without the g or y flag: /${regex.source}/${regex.flags}`);
      const keys = leadingKeys(regex.source, regex.flags);
      if (!keys) {
        this.#unkeyed.push(i);
        return undefined;
      }
      for (const key of keys) this.#byKey.set(key, [...(this.#byKey.get(key) ?? []), i]);
      return new RegExp(regex.source, `${regex.flags}y`);
    });
    // No u flag: \b as in the patterns.
    this.#keyFinder = new RegExp(`\\b${keyAlternation([...this.#byKey.keys()])}`, 'gi');
  }

  scan(text: string): KeyedScan {
    /** By regex: where the words with one of its keys start, in text order. */
    const starts: number[][] = [];
    const found = [...this.#unkeyed];
    const finder = this.#keyFinder;
    finder.lastIndex = 0;
    for (let m = finder.exec(text); m; m = finder.exec(text)) {
      for (const i of this.#byKey.get(m[0].toLowerCase())!) {
        if (starts[i]) starts[i].push(m.index);
        else {
          starts[i] = [m.index];
          found.push(i);
        }
      }
    }
    return {
      candidates: Int32Array.from(found).sort(),
      exec: (i) => {
        const anchored = this.#anchored[i];
        if (!anchored) return this.#regexes[i]!.exec(text);
        // Every match starts at one of these words: the first that gives one gives the leftmost match.
        for (const at of starts[i] ?? []) {
          anchored.lastIndex = at;
          const m = anchored.exec(text);
          if (m) return m;
        }
        return null;
      },
    };
  }
}

/**
 * One alternation of keys, shared beginnings factored out ("c(?:eas|ess)"), so that a regex tries a
 * few letters at a word rather than every key: a key of KEY_LENGTH starts a word, a shorter one is a
 * whole word. Keys are ASCII letters, digits and underscores: nothing to escape.
 */
function keyAlternation(keys: string[], prefix = ''): string {
  const branches: string[] = [];
  if (keys.includes(prefix)) branches.push(prefix.length < KEY_LENGTH ? '\\b' : '');
  const next = [...new Set(keys.filter((k) => k.length > prefix.length && k.startsWith(prefix)).map((k) => k[prefix.length]!))].sort();
  for (const c of next) branches.push(c + keyAlternation(keys, prefix + c));
  if (branches.length === 0) return '(?!)';
  return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
}

/**
 * The keys, one of which the word where any match of `source` starts has; undefined when the source
 * does not tell (a match may start with a digit class, a space or a stem shorter than a key), or under
 * flags that let letters match more than ASCII letters (u, v).
 */
export function leadingKeys(source: string, flags = ''): string[] | undefined {
  if (/[uv]/.test(flags)) return undefined;
  let spellings: Spelling[];
  try {
    spellings = firstWordSpellings(source);
  } catch (error) {
    if (error instanceof Unreadable) return undefined;
    throw error;
  }
  const keys = new Set<string>();
  for (const { text, ends } of spellings) {
    // A word not read to its end is a stem: it must be as long as a key.
    if (text === '' || (ends !== 'word' && text.length < KEY_LENGTH)) return undefined;
    keys.add(text.slice(0, KEY_LENGTH));
  }
  return [...keys];
}

class Unreadable extends Error {}

/**
 * A spelling of a match's first word, read so far: open while letters may follow; ended as a `word`
 * (by a non-word character, `\b` or `$`) or `unread` (followed by what this does not read, such as `\w`).
 * Before its first letter, `wordStart` says that `\b` or `^` puts that letter at the start of a word:
 * without it, a match may start inside a word ("agree" in "disagreed"), whose key is another.
 */
interface Spelling {
  text: string;
  ends: 'open' | 'word' | 'unread';
  wordStart?: boolean;
}

const LOOKAROUND = /\?<?[=!]/y;
const GROUP_OPENING = /\?(?::|<[A-Za-z]\w*>)/y;
const QUANTIFIER = /(?:\?|\*|\+|\{(\d+)(?:,\d*)?\})\??/y;
const isOpen = (s: Spelling) => s.ends === 'open';

/**
 * Every spelling of the first word of a match of `source`, read in one pass over the subset of regex
 * syntax that trigger data uses (anything else is Unreadable). Once every spelling has ended, the rest
 * of a sequence is only scanned for its end.
 *
 * Not a regex parser from npm: regjsparser (Babel's) gave the same keys for every regex in the data, but
 * it builds the whole syntax tree, and most of the trigger sources is the truce alternation after their
 * first word, which this skips: `extract` started about 4% slower (some 13 ms) with a 31 KB larger bundle.
 */
function firstWordSpellings(source: string): Spelling[] {
  let at = 0;
  // Sticky regexes read at `at` without copying the rest of the source.
  const read = (regex: RegExp) => {
    regex.lastIndex = at;
    const m = regex.exec(source);
    if (m) at += m[0].length;
    return m;
  };
  const expect = (c: string) => {
    if (source[at++] !== c) throw new Unreadable();
  };

  /** `a|b|c` up to a closing bracket or the end, each alternative read on from `from`. */
  const alternatives = (from: Spelling[]): Spelling[] => {
    const result = new Map<string, Spelling>();
    for (let first = true; first || source[at] === '|'; first = false) {
      if (!first) at++;
      for (const s of sequence(from)) result.set(`${s.ends} ${s.wordStart ? '^' : ''}${s.text}`, s);
    }
    if (result.size > MAX_SPELLINGS) throw new Unreadable();
    return [...result.values()];
  };
  const sequence = (from: Spelling[]): Spelling[] => {
    let spellings = from;
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      if (!spellings.some(isOpen)) {
        skipRestOfSequence();
        break;
      }
      spellings = quantified(spellings);
    }
    return spellings;
  };
  /** An atom and its quantifier, applied to the open spellings. */
  const quantified = (spellings: Spelling[]): Spelling[] => {
    const open = spellings.filter(isOpen);
    const once = atom(open);
    const q = read(QUANTIFIER);
    const optional = q !== null && (q[0][0] === '?' || q[0][0] === '*' || q[1] === '0');
    // Repeated: what follows the first repetition is not read.
    const repeated = q === null || q[0][0] === '?' ? once : once.map((s) => (isOpen(s) ? ended(s, 'unread') : s));
    return [...spellings.filter((s) => !isOpen(s)), ...(optional ? open : []), ...repeated];
  };
  const atom = (open: Spelling[]): Spelling[] => {
    const c = source[at++]!;
    if (c === '\\') return escape(source[at++] ?? '', open);
    if (c === '[') return characterClass(open);
    if (c === '(') return group(open);
    if (c === '^') return open.map(atWordStart);
    if (c === '$') return open.map((s) => ended(s, 'word'));
    if (c === '.') return open.map((s) => ended(s, 'unread'));
    if ('*+?{}])|'.includes(c)) throw new Unreadable();
    return /\w/.test(c) ? withLetters(open, [c.toLowerCase()]) : open.map((s) => ended(s, 'word'));
  };
  const escape = (c: string, open: Spelling[]): Spelling[] => {
    // \b before the word's first letter says nothing; after one, it ends the word.
    if (c === 'b') return open.map((s) => (s.text === '' ? atWordStart(s) : ended(s, 'word')));
    if (c === 's' || c === 'W') return open.map((s) => ended(s, 'word'));
    if (c === 'w' || c === 'd' || c === 'D' || c === 'S' || c === 'B') return open.map((s) => ended(s, 'unread'));
    // \n, \u00C0, \1...: not in trigger data.
    if (/[A-Za-z0-9]/.test(c) || c === '') throw new Unreadable();
    return open.map((s) => ended(s, 'word'));
  };
  const characterClass = (open: Spelling[]): Spelling[] => {
    const close = source.indexOf(']', at + 1);
    const body = source.slice(at, close);
    if (close === -1 || body.includes('\\]')) throw new Unreadable();
    at = close + 1;
    if (/^[A-Za-z0-9]+$/.test(body)) return withLetters(open, [...new Set(body.toLowerCase())]);
    // Only non-word characters ("[- ]", "[/.]") end the word; a negated class or a range may hold letters.
    const nonWordOnly = !body.startsWith('^') && !/[\w\\-]/.test(body.replace(/\\[sW.-]/g, '').replace(/^-|-$/g, ''));
    return open.map((s) => ended(s, nonWordOnly ? 'word' : 'unread'));
  };
  const group = (open: Spelling[]): Spelling[] => {
    // A lookaround consumes nothing: passing over it only lets more texts through.
    const lookaround = read(LOOKAROUND) !== null;
    if (!lookaround && read(GROUP_OPENING) === null && source[at] === '?') throw new Unreadable();
    const result = alternatives(lookaround ? [] : open);
    expect(')');
    return lookaround ? open : result;
  };
  /** Moves to the `|` or `)` that ends the current sequence, over nested groups, classes and escapes. */
  const skipRestOfSequence = () => {
    let depth = 0;
    for (; at < source.length; at++) {
      const c = source[at];
      if (c === '\\') at++;
      else if (c === '[') {
        at = source.indexOf(']', at + 1);
        if (at === -1) throw new Unreadable();
      } else if (c === '(') depth++;
      else if (c === ')' && depth-- === 0) return;
      else if (c === '|' && depth === 0) return;
    }
  };

  const spellings = alternatives([{ text: '', ends: 'open' }]);
  if (at < source.length) throw new Unreadable();
  // A spelling still open at the pattern's end may go on in the text.
  return spellings.map((s) => (isOpen(s) ? ended(s, 'unread') : s));
}

function withLetters(open: Spelling[], letters: string[]): Spelling[] {
  return open.flatMap((s) => {
    if (s.text === '' && !s.wordStart) throw new Unreadable();
    return letters.map((c) => ({ text: s.text + c, ends: 'open' as const }));
  });
}

const atWordStart = (s: Spelling): Spelling => (s.text === '' ? { ...s, wordStart: true } : s);

/** A word that ends before its first letter: the match starts with no word, and the pattern gives no key. */
function ended(s: Spelling, how: 'word' | 'unread'): Spelling {
  if (s.text === '') throw new Unreadable();
  return { text: s.text, ends: how };
}
