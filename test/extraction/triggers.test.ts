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
    ['Russia says it negotiated a ceasefire between Armenia and Azerbaijan', 'agreement'],
    ['A cease-fire took hold in northern Chad on Saturday', 'implementation'],
  ])('reads "%s" as %s', (headline, type) => {
    expect(classifySentence(headline, true)).toMatchObject({ type, strength: 'strong' });
  });

  it('does not read the noun "release of the hostages" as a release done', () => {
    expect(classifySentence('The deal provides for the release of the remaining hostages in exchange for an end to the war.', true)?.type).not.toBe('humanitarian');
  });
});

describe('negation', () => {
  it('reads "against" as negating the truce it takes as object, not the verb after its object', () => {
    expect(classifySentence('The main rebel group waging a war against the government declared a 60-day truce.', true)).toMatchObject({ type: 'agreement' });
    expect(classifySentence('The rebel council voted against the truce.', true)?.type).not.toBe('agreement');
    expect(classifySentence('The rebels have not declared a truce.', true)?.type).not.toBe('agreement');
  });
});

describe('a clause that continues the one before', () => {
  it('keeps an aim for every item of a list after "to", and the tense of the clause a conjunct shortens', () => {
    expect(classifySentence('Under the deal, the rebels have obligations to disarm, free captured soldiers, evacuate their camps in the hills.', true)?.type).not.toBe('humanitarian');
    expect(classifySentence('Prisoners of war will be exchanged, and supply routes reopened for aid convoys.', true)?.type).not.toBe('humanitarian');
  });

  it('leaves a list of things done, and a conjunct with its own verb, as done', () => {
    expect(classifySentence('The two sides agreed to a truce, aid convoys entered the city on Monday.', true)).toMatchObject({ type: 'agreement' });
    expect(classifySentence('Prisoners were exchanged on Monday, and aid convoys were allowed into the city.', true)).toMatchObject({ type: 'humanitarian', strength: 'strong' });
  });
});

describe('a deadlock', () => {
  it.each([
    ['The talks in Nairobi ended in deadlock on Friday after the rebels refused to disarm.'],
    ['Negotiations between the army and the rebels deadlocked over the release of prisoners.'],
  ])('is a breakdown when talks end in it: "%s"', (sentence) => {
    expect(classifySentence(sentence, true)).toMatchObject({ type: 'breakdown', strength: 'strong' });
  });

  it('is no development when the word only names how things stand', () => {
    expect(classifySentence('This impasse over the ceasefire is worrying on several counts.', true)).toBeUndefined();
  });
});

describe('negotiation as an idea', () => {
  it('reads no talks from the singular noun, but does from negotiations held', () => {
    expect(classifySentence('A ceasefire and negotiation are the only way to stop the destruction.', true)).toBeUndefined();
    expect(classifySentence('Negotiations on a ceasefire took place in Doha on Monday.', true)?.type).toBe('talks');
  });
});

describe('a truce ended', () => {
  it.each([
    ['The government on Thursday announced its decision to terminate the ceasefire agreement with the rebels.'],
    ['The rebel leader on Saturday declared the 1991 ceasefire with the government over the disputed coastal territory to be over.'],
    ['The army said it would scrap the truce.'],
  ])('is one collapse, not a deal declared beside it: "%s"', (sentence) => {
    const hit = classifySentence(sentence, true);
    if (sentence.includes('would')) expect(hit).toBeUndefined();
    else expect(hit).toMatchObject({ type: 'collapse', strength: 'strong' });
    expect(hit?.alongside).toBeUndefined();
  });
});

describe('a truce noun that names something else', () => {
  it('reads no collapse from "the end of the ceasefire press conference"', () => {
    expect(classifySentence('The two leaders shook hands at the end of the ceasefire press conference.', true)?.type).not.toBe('collapse');
  });
});
