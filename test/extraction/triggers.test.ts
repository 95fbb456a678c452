/** The trigger of a sentence (triggers.ts): headlines put developments in the present tense. */
import { describe, expect, it } from 'vitest';
import { classifySentence } from '#commons/extraction/triggers.ts';

describe('a headline in the present tense', () => {
  it.each([
    ['Ecuador and Peru sign ceasefire in Brasilia', 'agreement'],
    ['Russia and Ukraine swap prisoners', 'humanitarian'],
    ['Colombia, ELN begin talks in Caracas', 'talks'],
    ['Israel and Hamas extend Gaza truce by two days', 'extension'],
    ['Nicaraguan truce in doubt after talks with Contras collapse', 'breakdown'],
    ['Guatemala freezes peace talks with rebels', 'breakdown'],
  ])('reads "%s" as %s', (headline, type) => {
    expect(classifySentence(headline, true)).toMatchObject({ type, strength: 'strong' });
  });

  it('does not read the noun "release of the hostages" as a release done', () => {
    expect(classifySentence('The deal provides for the release of the remaining hostages in exchange for an end to the war.', true)?.type).not.toBe('humanitarian');
  });
});
