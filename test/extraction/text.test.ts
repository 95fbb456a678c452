import { describe, expect, it } from 'vitest';
import { anyOf, phraseRegExp } from '#commons/extraction/text.ts';

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
