import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allMatches, anyOf, escapeRegExp, nameFinder, phraseRegExp, splitSentences, wordsBefore } from '#commons/extraction/text.ts';

const matches = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((m) => m[0]);

describe('phraseRegExp', () => {
  it('matches phrases as whole words, accented letters counting as letters', () => {
    const pattern = phraseRegExp(['Kerry', 'U\\.S\\.', 'air ?strikes?']);
    expect(matches(pattern, 'Kerry and the U.S. said airstrikes stopped; Kerryville, ÉKerry and U.S.A. did not')).toEqual(['Kerry', 'U.S.', 'airstrikes']);
  });

  it('keeps phrases that start with something other than a letter, and the longest phrase first', () => {
    const pattern = phraseRegExp(["'ll", 'will', 'will not', '(?:peace|ceasefire) deal']);
    expect(matches(pattern, "they 'll sign, will not sign, will sign a ceasefire deal")).toEqual(["'ll", 'will not', 'will', 'ceasefire deal']);
  });
});

describe('anyOf', () => {
  it('matches wherever one of the patterns does, whatever they start with', () => {
    const gate = anyOf(['\\bagree(?:d|s)?\\b', '\\b(?:fell|fall) short\\b', '\\bx|yz', '(?<!\\bthe )\\bdeal\\b']);
    expect(['They AGREED', 'talks fell short', 'abyz', 'a deal', 'xylophone'].map((t) => gate.test(t))).toEqual([true, true, true, true, true]);
    expect(['disagreed', 'the deal', 'shortfall', 'axe'].map((t) => gate.test(t))).toEqual([false, false, false, false]);
  });

  it('finds the same matches as the plain alternation, in the same order of preference', () => {
    const sources = ['\\bmediat\\w*', 'sat in\\b', '\\bbrokered\\b', '\\bmediated by\\b'];
    const text = 'Qatar mediated by phone; a deal brokered by Egypt, which sat in.';
    expect(matches(anyOf(sources, 'gi'), text)).toEqual(matches(new RegExp(sources.join('|'), 'gi'), text));
  });
});

describe('wordsBefore', () => {
  /** The definition: the words of the window, the first dropped when the window does not start the text. */
  const byDefinition = (text: string, index: number, count: number) => {
    const from = Math.max(0, index - count * 12);
    const words = text.slice(from, index).split(/\s+/).filter(Boolean);
    if (from > 0) words.shift();
    return words.slice(-count).join(' ').toLowerCase();
  };

  it('gives the last words before an index, lowercased', () => {
    expect(wordsBefore('The truce would not take effect', 25, 4)).toBe('truce would not take');
    expect(wordsBefore('Talks  in\u00a0Geneva', 20, 2)).toBe('in geneva');
  });

  it('agrees with splitting the window on whitespace, whatever the spacing', () => {
    const text = fc.array(fc.constantFrom('a', 'Bc', 'truce', 'internationally', ' ', '  ', '\n', '\t', '\u00a0', '\u2009', '\u3000', 'é', '’'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), fc.integer({ min: 1, max: 8 }), (t, at, count) => {
        const index = t.length ? at % (t.length + 1) : 0;
        expect(wordsBefore(t, index, count)).toBe(byDefinition(t, index, count));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nameFinder', () => {
  it('finds the names as whole words, left to right', () => {
    expect(nameFinder(['Kerry', 'Lavrov', 'al-Assad'])("Kerry's call to Lavrov; Kerryville; al-Assad, Lavrov")).toEqual(['Kerry', 'Lavrov', 'al-Assad', 'Lavrov']);
  });

  it('finds what the regex of the same names finds', () => {
    const name = fc.array(fc.constantFrom('Al', 'al-', 'Assad', 'Kerry', 'K', 'é', 'Ö', '.', '_', "'", '-', 'Jr'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const text = fc.array(fc.oneof(name, fc.constantFrom(' ', ', ', 'x', '_', '’s ', 'é', '\n')), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), text, (names, t) => {
        expect(nameFinder(names)(t)).toEqual(t.match(phraseRegExp(names.map(escapeRegExp), 'g')) ?? []);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('splitSentences', () => {
  it('ends no sentence at the full stop of a clock time before a day or a time zone', () => {
    const texts = (body: string) => splitSentences(body).map((s) => s.text);
    expect(texts('The truce went into effect at 7:00 p.m. Tuesday night. Both sides held fire.')).toEqual([
      'The truce went into effect at 7:00 p.m. Tuesday night.',
      'Both sides held fire.',
    ]);
    expect(texts('It starts at 6 a.m. GMT on Sunday.')).toHaveLength(1);
    expect(texts('It starts at 9:00 a.m. Moscow time on Sunday.')).toHaveLength(1);
    expect(texts('Talks ended at 9 p.m. The rebels left.')).toHaveLength(2);
  });

  it('joins the lines of hard-wrapped text inside a sentence, and keeps offsets into the text', () => {
    const body = 'Even after the deadline passed, shells from the hills\nlanded in the town, police said.\nTruce holds\nThe guns fell silent.';
    const sentences = splitSentences(body);
    expect(sentences.map((s) => s.text)).toEqual(['Even after the deadline passed, shells from the hills landed in the town, police said.', 'Truce holds', 'The guns fell silent.']);
    expect(body.slice(sentences[2]!.start, sentences[2]!.end)).toBe('The guns fell silent.');
  });
});

describe('allMatches', () => {
  const same = (regex: RegExp, text: string) => {
    const shape = (ms: RegExpExecArray[] | RegExpMatchArray[]) => ms.map((m) => [m.index, ...m]);
    expect(shape(allMatches(regex, text))).toEqual(shape([...text.matchAll(regex)]));
    expect(regex.lastIndex).toBe(0);
  };

  it('finds what matchAll finds, empty matches and astral characters included', () => {
    same(/\b(?:truce|cease-?fire)s?\b/gi, 'A truce, then Ceasefires; no cease-fire.');
    same(/a*/g, 'baab');
    same(/(?:)/gu, 'a😀b');
    same(/\p{Lu}\w*/gu, 'Égypte and Qatar');
  });

  it('finds what matchAll finds in any text', () => {
    const regex = /[ab]+|(?=c)/gu;
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '😀', ' ') }), (text) => same(regex, text)));
  });

  it('takes only global regexes, as matchAll does', () => {
    expect(() => allMatches(/truce/, 'truce')).toThrow(/global/);
  });
});
