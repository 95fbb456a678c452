import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { articleLanguage, describeLanguage, languageFromTag, textLanguage } from '#commons/articles/language.ts';
import { readArticles } from '#commons/articles/read.ts';
import { input, SEEDS_DIR } from './helpers.ts';

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
const POLISH =
  'Izrael i Hamas uzgodniły w środę zawieszenie broni w Strefie Gazy, poinformował premier Kataru w Dosze. Rozejm ma wejść w życie ' +
  'w niedzielę o godzinie 8.30, podali mediatorzy z Kataru, Egiptu i Stanów Zjednoczonych. Porozumienie przewiduje uwolnienie zakładników.';
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

  it("calls a text long enough to tell, in none of the languages it knows, undetermined ('und'), never English", () => {
    expect(textLanguage('Zawieszenie broni w Strefie Gazy', POLISH)).toBe('und');
    // Mis-decoded Cyrillic, as a wrong charset leaves it.
    expect(textLanguage('ëÁË ÐÅÒÅÖÉÔØ', 'ÎÏ×ÏÇÏÄÎÀÀ ÎÏÞØ îÁ×ÅÒÎÏÅ, ÅÄÉÎÓÔ×ÅÎÎÏÅ, ×Ï ÞÔÏ ÓÅÇÏÄÎÑ ÍÏ'.repeat(4))).toBe('und');
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

  it('takes a declared language it has no words for over an undetermined text, but not one its words would have recognised', () => {
    expect(articleLanguage(undefined, 'Rozejm', POLISH)).toBe('und');
    expect(articleLanguage('pl-PL', 'Rozejm', POLISH)).toBe('pl');
    expect(articleLanguage('en-US', 'Rozejm', POLISH)).toBe('und');
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

describe('English news', () => {
  it('is English in every article of the seeds and of both own corpora, however its page is declared', async () => {
    const dirs = [SEEDS_DIR, ...['corpus', 'holdout'].map((name) => new URL(`../fixtures/${name}/articles/`, import.meta.url).pathname)];
    const languages = new Set<string>();
    for (const dir of dirs) {
      for (const name of readdirSync(dir)) {
        const result = await readArticles(input(name, readFileSync(`${dir}/${name}`)));
        if (result.ok) for (const article of result.articles) languages.add(article.language);
      }
    }
    expect([...languages]).toEqual(['en']);
  });
});

describe('describeLanguage', () => {
  it('names a language for people', () => {
    expect(describeLanguage('fr')).toBe('French (fr)');
    expect(describeLanguage('und')).toBe('an unrecognised language (und)');
    expect(describeLanguage('qqq')).toBe('qqq');
  });
});
