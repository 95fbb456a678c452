import { describe, expect, it } from 'vitest';
import { clauseAt } from '#commons/extraction/clauses.ts';
import { classifySentence } from '#commons/extraction/triggers.ts';

const at = (sentence: string, word: string) => clauseAt(sentence, sentence.indexOf(word));

describe('clauseAt', () => {
  it.each([
    ['Biden said on Thursday that the United States would work with the UN to deliver humanitarian aid', 'humanitarian', 'reported', 'the united states would work with the un to deliver'],
    ['The truce, which took effect in May, has largely held', 'took', 'relative', ''],
    ['the deal that their leaders signed in Moscow', 'signed', 'relative', 'their leaders'],
    ['Rebels were evacuated after agreeing to surrender the town', 'agreeing', 'temporal', ''],
    ['If the ceasefire holds, talks could resume', 'holds', 'conditional', 'the ceasefire'],
    ['Russia and Turkey agreed to a ceasefire', 'agreed', 'main', 'russia and turkey'],
    ['Fighting eased, and Russia and Turkey agreed to a ceasefire', 'agreed', 'main', 'and russia and turkey'],
  ])('reads the clause of a trigger in "%s"', (sentence, word, kind, prefix) => {
    expect(at(sentence, word)).toMatchObject({ kind, prefix });
  });

  it('stops reading back after fourteen words', () => {
    const long = `${'word '.repeat(30)}agreed`;
    expect(at(long, 'agreed').prefix.split(' ')).toHaveLength(14);
  });
});

describe('modality reaches the whole clause', () => {
  it('hedges a trigger governed by a modal verb several words back', () => {
    expect(classifySentence('Biden said on Thursday that the United States would work with the United Nations to deliver humanitarian aid to Gaza.', true)).toBeUndefined();
  });

  it('leaves a realised development in a main clause alone', () => {
    expect(classifySentence('Israel and Hamas agreed on Thursday to a ceasefire brokered by Egypt.', true)?.type).toBe('agreement');
  });

  it('reads a conditional clause as hedged', () => {
    expect(classifySentence('If the truce takes effect on Sunday, aid convoys will move in.', true)?.type).not.toBe('implementation');
  });
});
