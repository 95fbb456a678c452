import { describe, expect, it } from 'vitest';
import { detectLanguage, languageFromTag } from '#commons/articles/language.ts';

describe('languageFromTag', () => {
  it('takes the primary subtag and maps three-letter codes', () => {
    expect(languageFromTag('en-GB')).toBe('en');
    expect(languageFromTag('pt_PT')).toBe('pt');
    expect(languageFromTag('DE')).toBe('de');
    expect(languageFromTag('fra')).toBe('fr');
    expect(languageFromTag('und')).toBeUndefined();
    expect(languageFromTag('')).toBeUndefined();
    expect(languageFromTag('1234')).toBeUndefined();
    expect(languageFromTag(undefined)).toBeUndefined();
  });
});

describe('detectLanguage', () => {
  it('recognises English by its function words', () => {
    expect(detectLanguage('The United States and Russia say they have resolved a number of issues standing in the way of a truce.')).toBe('en');
  });

  it('detects other languages with franc', () => {
    expect(detectLanguage('Os Estados Unidos e a Rússia anunciaram nesta sexta-feira um acordo de cessar-fogo na Síria, que deve entrar em vigor na segunda-feira.')).toBe('pt');
    expect(detectLanguage('Die Vereinigten Staaten und Russland haben sich auf eine Waffenruhe in Syrien geeinigt, die am Montag in Kraft treten soll.')).toBe('de');
    expect(detectLanguage('Les États-Unis et la Russie ont annoncé vendredi un accord de cessez-le-feu en Syrie, qui doit entrer en vigueur lundi.')).toBe('fr');
  });

  it('defaults to English for short or empty text', () => {
    expect(detectLanguage('')).toBe('en');
    expect(detectLanguage('Truce')).toBe('en');
    expect(detectLanguage('1234 5678 !!!! ???? 1234 5678 !!!! ???? 1234 5678 !!!! ????')).toBe('en');
  });
});
