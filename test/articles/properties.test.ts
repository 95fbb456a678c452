import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ArticleSchema } from '#schemas/event.ts';
import { htmlToText } from '#commons/articles/html-text.ts';
import { normaliseText } from '#commons/articles/normalise.ts';
import { readArticles } from '#commons/articles/read.ts';
import { REJECTION_REASONS, type ReadResult } from '#commons/articles/types.ts';
import { input } from './helpers.ts';

const EXTENSIONS = ['txt', 'md', 'html', 'json', 'xml', 'rss', 'atom', 'bin', ''];
const RUNS = Number(process.env.ARTICLE_PROPERTY_RUNS ?? 200);

/** Either articles that satisfy the schema, or a rejection with a known reason and the input key. */
function checkResult(result: ReadResult, key: string): boolean {
  if (result.ok) {
    return result.articles.length > 0 && result.articles.every((article) => ArticleSchema.safeParse(article).success && article.key.startsWith(key));
  }
  return (REJECTION_REASONS as readonly string[]).includes(result.rejection.reason) && result.rejection.key === key && result.rejection.detail.length > 0;
}

const keyArb = fc.constantFrom(...EXTENSIONS).map((ext) => (ext ? `inbox/file.${ext}` : 'inbox/file'));

/** Fragments that steer generated text into every reader and its edge cases. */
const FRAGMENTS = [
  '<', '>', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '<?xml version="1.0"?>', '<!DOCTYPE html>', '<!DOCTYPE x [<!ENTITY a "b">]>',
  '<rss version="2.0">', '<channel>', '<item>', '<title>', '</title>', '</item>', '<feed xmlns="http://www.w3.org/2005/Atom">', '<entry>',
  '<html>', '<body>', '<p>', '</p>', '<div>', '<script>', '</script>', '<br>', '&amp;', '&lt;', '&#0;', '&#xD800;', '&bogus;',
  '---\n', 'title: ', 'published: ', '{', '}', '[', ']', '"title"', ':', ',', '"body"', '"x"', '\n', '\n\n', ' ', '\t', '\u00a0', '\u200b',
  '# ', 'By Jane Doe', '09/05/2016', 'Enlarge this image', 'Related News', 'Truce in Aleppo', 'javascript:', 'onerror=', '\ufeff', '\ud800', 'é', '😀',
];
const markupishArb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));

describe('readArticles never throws and always gives a well-formed result', () => {
  it('for arbitrary bytes with every extension', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.uint8Array({ maxLength: 1024 }), async (key, bytes) => checkResult(await readArticles(input(key, bytes)), key)),
      { numRuns: RUNS },
    );
  });

  it('for arbitrary strings with every extension', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.string({ unit: 'binary', maxLength: 400 }), async (key, text) => checkResult(await readArticles(input(key, text)), key)),
      { numRuns: RUNS },
    );
  });

  it('for markup-like strings with every extension', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, markupishArb, async (key, text) => {
        const result = await readArticles(input(key, text));
        return checkResult(result, key) && (!result.ok || result.articles.every((a) => !/<script|javascript:|onerror=/i.test(`${a.title}\n${a.body}`)));
      }),
      { numRuns: RUNS },
    );
  });

  it('for arbitrary supplied metadata', async () => {
    const metadataArb = fc.record({ published: fc.string({ maxLength: 40 }), url: fc.string({ maxLength: 40 }), publisher: fc.string({ maxLength: 40 }) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(metadataArb, async (metadata) => checkResult(await readArticles(input('a.txt', 'Title\n\nBody', { metadata })), 'a.txt')),
      { numRuns: RUNS },
    );
  });
});

describe('text helpers', () => {
  it('normaliseText is idempotent and leaves no blank-line runs or edge whitespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const once = normaliseText(text);
        return normaliseText(once) === once && !/\n\n\n/.test(once) && once === once.trim() && !/ {2}/.test(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('htmlToText never returns markup of generated HTML', () => {
    fc.assert(
      fc.property(markupishArb, (html) => !/<script|<div>|<p>/i.test(htmlToText(html).replace(/&lt;|&gt;/g, ''))),
      { numRuns: RUNS },
    );
  });
});
