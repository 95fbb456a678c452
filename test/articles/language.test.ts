import { describe, expect, it } from 'vitest';
import { articleLanguage, languageFromTag, textLanguage } from '#commons/articles/language.ts';
import { readArticles } from '#commons/articles/read.ts';
import { input } from './helpers.ts';

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

const ENGLISH = 'The United States and Russia say they have resolved a number of issues standing in the way of a truce.';
const FRENCH = 'Les États-Unis et la Russie ont annoncé vendredi un accord de cessez-le-feu en Syrie, qui doit entrer en vigueur lundi.';

describe('textLanguage', () => {
  it('recognises English by its function words', () => {
    expect(textLanguage(ENGLISH)).toBe('en');
  });

  it('recognises other languages by theirs', () => {
    expect(textLanguage('Os Estados Unidos e a Rússia anunciaram nesta sexta-feira um acordo de cessar-fogo na Síria, que deve entrar em vigor na segunda-feira.')).toBe('pt');
    expect(textLanguage('Die Vereinigten Staaten und Russland haben sich auf eine Waffenruhe in Syrien geeinigt, die am Montag in Kraft treten soll.')).toBe('de');
    expect(textLanguage(FRENCH)).toBe('fr');
  });

  it('gives no answer for short or unclear text', () => {
    expect(textLanguage('')).toBeUndefined();
    expect(textLanguage('Truce')).toBeUndefined();
    expect(textLanguage('1234 5678 !!!! ???? 1234 5678 !!!! ???? 1234 5678 !!!! ????')).toBeUndefined();
  });
});

describe('articleLanguage', () => {
  it('takes the language of the text over a declared one: templates declare the site, not the article', () => {
    expect(articleLanguage('es-CO', 'Colombia truce', ENGLISH)).toBe('en');
    expect(articleLanguage('en', 'Syrie', FRENCH)).toBe('fr');
  });

  it('takes the declared language when the text is too short to tell, and English when nothing is declared', () => {
    expect(articleLanguage('fr-FR', 'Trêve', '')).toBe('fr');
    expect(articleLanguage(undefined, 'Truce', '')).toBe('en');
    expect(articleLanguage('und', 'Truce', '')).toBe('en');
  });

  it('is what the readers give an article (an English story on a page declared Spanish, a French one in an English feed)', async () => {
    const page = `<html lang="es"><head><title>Truce</title></head><body><h1>Truce</h1><p>${ENGLISH}</p></body></html>`;
    const feed =
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en-us</language>' +
      `<item><title>Syrie</title><description>${FRENCH}</description></item></channel></rss>`;
    const read = async (key: string, text: string) => {
      const result = await readArticles(input(key, text));
      return result.ok ? result.articles.map((a) => a.language) : result.rejection.reason;
    };
    expect(await read('page.html', page)).toEqual(['en']);
    expect(await read('feed.xml', feed)).toEqual(['fr']);
  });
});
