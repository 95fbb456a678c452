import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ArticleSchema, type Article } from '#schemas/event.ts';
import { MAX_BYTES, readArticles } from '#commons/articles/read.ts';
import type { ReadResult } from '#commons/articles/types.ts';
import { FEEDS_DIR, OWN_FIXTURES, RECEIVED_AT, SEEDS_DIR, fileInput, input } from './helpers.ts';

function articlesOf(result: ReadResult): Article[] {
  if (!result.ok) throw new Error(`expected articles, got ${result.rejection.reason}: ${result.rejection.detail}`);
  for (const article of result.articles) ArticleSchema.parse(article);
  return result.articles;
}

const SEED_TITLES: Record<string, string> = {
  '000_67a3b4f457941a59.txt': 'Major Powers Agree to Seek Syria Ceasefire in One Week, but Fail to End Russian Airstrikes',
  '001_0444e2542ab438d3.txt': 'Despite progress, US-Russia fall short on truce for Syria',
  '002_6d0f251e39d1943a.txt': 'US, Russia Resume High-level Face-to-Face Diplomacy on Syria War',
  '003_212d7b840cb3c56f.txt': 'US, Russia agree on Syrian ceasefire',
  '004_ea3934ab1743516e.txt': 'US, Russia work to hold fragile Syria cease-fire together',
};

describe('readArticles on the five seeds', () => {
  for (const [name, title] of Object.entries(SEED_TITLES)) {
    it(`${name}: "${title}"`, async () => {
      const [article] = articlesOf(await readArticles(fileInput(SEEDS_DIR, name)));
      expect(article).toMatchObject({ key: name, format: 'text', title, language: 'en', receivedAt: RECEIVED_AT });
      expect(article?.publishedAt).toBeUndefined();
      expect(article?.body).not.toMatch(/\n\n\n/);
    });
  }

  it('keeps date lines in the body, where the extractor reads them', async () => {
    const [seed004] = articlesOf(await readArticles(fileInput(SEEDS_DIR, '004_ea3934ab1743516e.txt')));
    expect(seed004?.body.startsWith('09/05/2016\n\n')).toBe(true);
    const [seed002] = articlesOf(await readArticles(fileInput(SEEDS_DIR, '002_6d0f251e39d1943a.txt')));
    expect(seed002?.byline).toBe('Steve Herman');
    expect(seed002?.body).toContain('By Steve Herman September 09, 2016');
  });
});

describe('encodings end to end', () => {
  const seed = readFileSync(`${SEEDS_DIR}/001_0444e2542ab438d3.txt`, 'utf8');

  it('gives the same article (and id) from UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM and Windows-1252', async () => {
    const [reference] = articlesOf(await readArticles(input('a.txt', seed)));
    const variants = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed, 'utf8')]),
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seed, 'utf-16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(seed, 'utf-16be')]),
      iconv.encode(seed, 'windows-1252'),
    ];
    for (const bytes of variants) {
      const [article] = articlesOf(await readArticles(input('a.txt', bytes)));
      expect(article?.id).toBe(reference?.id);
      expect(article?.body).toBe(reference?.body);
    }
    expect(reference?.body).toContain('“vast majority”');
  });

  it('reads an ISO-8859-1 feed that declares it, and one that does not (detected)', async () => {
    const declared = articlesOf(await readArticles(fileInput(FEEDS_DIR, 'encoding.rss')));
    expect(declared[0]?.title).toBe('Mãe de utente é a nova presidente da Raríssimas');
    const detected = articlesOf(await readArticles(fileInput(FEEDS_DIR, 'uolNoticias.rss')));
    expect(detected[0]?.title).toMatch(/simulações|simulaç/);
    expect(detected[0]?.publishedAt).toEqual({ date: '2018-09-24', precision: 'day', basis: 'metadata' });
  });
});

describe('dispatch by content first, extension second', () => {
  it('reads each format of its own fixture', async () => {
    const md = articlesOf(await readArticles(fileInput(OWN_FIXTURES, 'article.md')));
    expect(md[0]).toMatchObject({
      format: 'markdown',
      title: 'US, Russia agree on Syrian ceasefire',
      url: 'https://news.example.com/2017/07/07/syria-ceasefire',
      publisher: 'Example Wire',
      byline: 'John Doe',
      publishedAt: { date: '2017-07-07', precision: 'day', basis: 'metadata' },
    });
    const html = articlesOf(await readArticles(fileInput(OWN_FIXTURES, 'page.html')));
    expect(html[0]).toMatchObject({
      format: 'html',
      key: 'page.html',
      language: 'en',
      publishedAt: { date: '2016-02-12', precision: 'day', basis: 'metadata' },
    });
    const json = articlesOf(await readArticles(fileInput(OWN_FIXTURES, 'articles.json')));
    expect(json.map((a) => [a.key, a.format, a.publishedAt?.date])).toEqual([
      ['articles.json#0', 'json', '2016-08-26'],
      ['articles.json#1', 'json', '2016-05-09'],
    ]);
  });

  it("keeps the publisher's section from JSON, Markdown front matter and HTML meta tags on the article", async () => {
    const json = articlesOf(await readArticles(input('a.json', '{"title":"T","text":"Body.","category":{"name":"Opinion"}}')));
    const md = articlesOf(await readArticles(input('a.md', '---\ntitle: FM\nsection: World\n---\nBody')));
    const html = articlesOf(await readArticles(input('a.html', '<html><head><title>H</title><meta property="article:section" content="Comment"></head><body><p>Body.</p></body></html>')));
    expect([json[0]?.section, md[0]?.section, html[0]?.section]).toEqual(['Opinion', 'World', 'Comment']);
  });

  it('trusts content over a misleading extension', async () => {
    const feed = articlesOf(await readArticles(input('inbox/feed.txt', '<rss version="2.0"><channel><title>W</title><item><title>A</title></item><item><title>B</title></item></channel></rss>')));
    expect(feed.map((a) => [a.format, a.key, a.title, a.publisher])).toEqual([
      ['feed', 'inbox/feed.txt#0', 'A', 'W'],
      ['feed', 'inbox/feed.txt#1', 'B', 'W'],
    ]);
    const json = articlesOf(await readArticles(input('article.txt', '{"title":"T","text":"Body."}')));
    expect(json[0]).toMatchObject({ format: 'json', key: 'article.txt', title: 'T', body: 'Body.' });
    const md = articlesOf(await readArticles(input('noext', '---\ntitle: FM\n---\nBody')));
    expect(md[0]).toMatchObject({ format: 'markdown', title: 'FM', body: 'Body' });
  });

  it('uses the Content-Type when neither content nor extension decide', async () => {
    const [article] = articlesOf(await readArticles(input('inbox/object', 'Some <b>bold</b> words', { contentType: 'text/html' })));
    expect(article).toMatchObject({ format: 'html', body: 'Some bold words' });
  });

  it('adds #n only when the source has more than one item', async () => {
    const single = articlesOf(await readArticles(input('one.xml', '<rss version="2.0"><channel><item><title>Only</title></item></channel></rss>')));
    expect(single[0]?.key).toBe('one.xml');
    const array = articlesOf(await readArticles(input('a.json', '[{"title":"x"},{"nope":1},{"title":"z"}]')));
    expect(array.map((a) => a.key)).toEqual(['a.json#0', 'a.json#2']);
  });
});

describe('supplied metadata adds to or overrides the file', () => {
  const md = '---\ntitle: T\nurl: https://file.example/a\npublished: 2016-01-01\npublisher: File Pub\n---\nBody';

  it('overrides the file for a single article', async () => {
    const result = await readArticles(input('a.md', md, { metadata: { published: 'Fri, 12 Feb 2016 23:30:00 -0500', url: 'https://meta.example/b', publisher: 'Meta Pub' } }));
    expect(articlesOf(result)[0]).toMatchObject({
      url: 'https://meta.example/b',
      publisher: 'Meta Pub',
      publishedAt: { date: '2016-02-12', precision: 'day', basis: 'metadata' },
    });
    expect(result.ok && result.warnings).toBeFalsy();
  });

  it('adds what the file lacks', async () => {
    const [article] = articlesOf(await readArticles(input('a.txt', 'Title\n\nBody', { metadata: { published: '2016-09-09', publisher: 'P' } })));
    expect(article).toMatchObject({ publisher: 'P', publishedAt: { date: '2016-09-09', precision: 'day', basis: 'metadata' } });
    expect(article?.url).toBeUndefined();
  });

  it('ignores unusable values with a warning instead of failing', async () => {
    const result = await readArticles(input('a.md', md, { metadata: { published: 'last week', url: 'javascript:alert(1)' } }));
    expect(articlesOf(result)[0]).toMatchObject({ url: 'https://file.example/a', publishedAt: { date: '2016-01-01' } });
    expect(result.ok && result.warnings).toHaveLength(2);
  });

  it('for a feed, a supplied url only fills items without a link', async () => {
    const rss = '<rss version="2.0"><channel><item><title>A</title><link>https://e.example/a</link></item><item><title>B</title></item></channel></rss>';
    const articles = articlesOf(await readArticles(input('f.rss', rss, { metadata: { url: 'https://meta.example/', publisher: 'Meta' } })));
    expect(articles.map((a) => [a.url, a.publisher])).toEqual([
      ['https://e.example/a', 'Meta'],
      ['https://meta.example/', 'Meta'],
    ]);
  });
});

describe('input checks', () => {
  it('copies receivedAt and normalises a parseable non-ISO one', async () => {
    const [article] = articlesOf(await readArticles({ key: 'a.txt', bytes: Buffer.from('T\n\nB'), receivedAt: '2024-03-01T12:00:00+01:00' }));
    expect(article?.receivedAt).toBe('2024-03-01T12:00:00+01:00');
    const [other] = articlesOf(await readArticles({ key: 'a.txt', bytes: Buffer.from('T\n\nB'), receivedAt: 'Fri, 01 Mar 2024 12:00:00 GMT' }));
    expect(other?.receivedAt).toBe('2024-03-01T12:00:00.000Z');
  });

  it('rejects missing key or receivedAt instead of throwing', async () => {
    const noKey = await readArticles({ key: '', bytes: Buffer.from('x'), receivedAt: RECEIVED_AT });
    expect(noKey.ok || noKey.rejection.reason).toBe('malformed');
    const noTime = await readArticles({ key: 'a.txt', bytes: Buffer.from('x'), receivedAt: 'soon' });
    expect(noTime.ok || noTime.rejection.reason).toBe('malformed');
    const nothing = await readArticles(undefined as never);
    expect(nothing.ok).toBe(false);
  });

  it('exports the 5 MB limit', () => {
    expect(MAX_BYTES).toBe(5 * 1024 * 1024);
  });
});
