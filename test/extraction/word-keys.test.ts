/** The pre-check that skips trigger patterns a sentence cannot match (word-keys.ts): it may let a pattern through, never leave one out. */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import triggerData from '#commons/extraction/data/triggers.json' with { type: 'json' };
import { splitSentences } from '#commons/extraction/text.ts';
import { KeyedRegExps, leadingKeys } from '#commons/extraction/word-keys.ts';

/** The trigger data's patterns, each truce placeholder standing for any truce term. */
const triggerPatterns = Object.values(triggerData.types).flatMap((rules) =>
  [...rules.strong, ...rules.weak].map((p) => new RegExp(p.replace(/\{TRUCE\}/g, `(?:${triggerData.truceTerms.join('|')})`), 'i')),
);

/** Each pattern must match as it does alone: found among the candidates of every text it matches, at the same place. */
function expectSameMatches(index: KeyedRegExps, regexes: RegExp[], texts: string[]): void {
  for (const text of texts) {
    const scan = index.scan(text);
    const candidates = new Set(scan.candidates);
    const differing = regexes.filter((regex, i) => {
      const alone = regex.exec(text);
      const scanned = candidates.has(i) ? scan.exec(i) : null;
      return alone?.index !== scanned?.index || alone?.[0] !== scanned?.[0];
    });
    expect(differing.map((r) => r.source.slice(0, 60)), text).toEqual([]);
  }
}

describe('leadingKeys', () => {
  it.each([
    ['(?<!(?:^|\\s)(?:an?|the) )\\bagree(?:d|s)?\\b', ['agre']],
    ['\\bin (?:effect|force)\\b', ['in']],
    ['\\b(?:Black Sea )?grain (?:deal|initiative)', ['blac', 'grai']],
    ['\\bdemilitari[sz]ed zones?', ['demi']],
    ['\\bair ?strikes?\\b', ['air', 'airs']],
    ['\\bbr(?:oke|eak)\\b', ['brok', 'brea']],
    ['\\bsilenc\\w* the guns', ['sile']],
  ])('reads the words a match of %s starts with', (source, keys) => {
    expect(leadingKeys(source, 'i')?.sort()).toEqual(keys.sort());
  });

  it.each([
    ['a match that may start with a digit', '\\b\\d{1,2} (?:May|June)'],
    ['a stem shorter than a key', '\\bbr\\w+'],
    ['a match that may be empty', '(?:truce)?'],
    ['a match that may start with a space', '\\s+will\\b'],
    ['a match that may start inside a word', 'agree(?:d|s)?\\b'],
  ])('gives none for %s', (_, source) => {
    expect(leadingKeys(source, 'i')).toBeUndefined();
  });

  it('gives none under the u flag, where letters match beyond ASCII (ſ is s)', () => {
    expect(leadingKeys('\\bsigned\\b', 'iu')).toBeUndefined();
  });
});

describe('KeyedRegExps', () => {
  const index = new KeyedRegExps(triggerPatterns);

  it('finds every trigger pattern where it matches in the sentences of the corpora', () => {
    const folders = ['test/fixtures/corpus/articles', 'test/fixtures/holdout/articles', 'test/fixtures/devset/articles', '../shared/corpus/seeds'];
    const sentences = folders.flatMap((folder) =>
      readdirSync(folder).flatMap((file) => splitSentences(readFileSync(`${folder}/${file}`, 'utf8')).map((s) => s.text)),
    );
    expect(sentences.length).toBeGreaterThan(1000);
    expectSameMatches(index, triggerPatterns, sentences);
  });

  it('finds every one where it matches in texts made of trigger words, other words, case and punctuation', () => {
    const words = [...new Set(triggerPatterns.flatMap((r) => r.source.match(/[a-z]{2,}/gi) ?? []))];
    const token = fc.oneof(fc.constantFrom(...words), fc.constantFrom('the', 'a', 'of', 'in', 'no', 'ſigned', 'Kagreed', 'É', '2016', '_truce', 'disagreed'));
    const text = fc
      .array(fc.tuple(token, fc.constantFrom(' ', ' ', ', ', '-', "'", '. ', '’'), fc.boolean()), { maxLength: 12 })
      .map((parts) => parts.map(([w, sep, upper]) => (upper ? w.toUpperCase() : w) + sep).join(''));
    fc.assert(fc.property(text, (t) => expectSameMatches(index, triggerPatterns, [t])), { numRuns: 2000 });
  });

  it('skips the patterns whose first words a sentence lacks', () => {
    const { candidates } = index.scan('The weather was fine on the coast.');
    expect(candidates.length).toBeLessThan(triggerPatterns.length / 10);
  });
});
