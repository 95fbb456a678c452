import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArticleSchema } from '#schemas/event.ts';
import { MAX_BYTES, readArticles } from '#commons/articles/read.ts';
import { REJECTION_REASONS, type ReadResult, type RejectionReason } from '#commons/articles/types.ts';
import { ACTIVE_CONTENT, FEEDS_DIR, HOSTILE_DIR, fileInput, fixtureFiles, input } from './helpers.ts';

function reason(result: ReadResult): RejectionReason | 'ok' {
  return result.ok ? 'ok' : result.rejection.reason;
}

function expectWellFormed(result: ReadResult, key: string): void {
  if (result.ok) {
    expect(result.articles.length).toBeGreaterThan(0);
    for (const article of result.articles) expect(ArticleSchema.safeParse(article).success).toBe(true);
  } else {
    expect(REJECTION_REASONS).toContain(result.rejection.reason);
    expect(result.rejection.key).toBe(key);
    expect(result.rejection.detail.length).toBeGreaterThan(10);
  }
}

describe('hostile input gets a clear rejection', () => {
  it('0 bytes: empty', async () => {
    expect(reason(await readArticles(input('a.txt', new Uint8Array(0))))).toBe('empty');
  });

  it('over 5 MB: too-large, decided on the byte length before decoding', async () => {
    expect(reason(await readArticles(input('big.txt', Buffer.alloc(6 * 1024 * 1024, 0x61))))).toBe('too-large');
    expect(reason(await readArticles(input('limit.txt', Buffer.alloc(MAX_BYTES + 1, 0x61))))).toBe('too-large');
    // 50 MB of NUL bytes would be 'binary' if it were ever decoded; size wins, at once.
    const huge = Buffer.alloc(50 * 1024 * 1024);
    expect(reason(await readArticles(input('huge.bin', huge)))).toBe('too-large');
  });

  it('binary: NUL bytes and PNG, GZIP, ZIP, PDF signatures', async () => {
    const cases: [string, number[]][] = [
      ['a.txt', [0x54, 0x00, 0x65, 0x73, 0x74]],
      ['a.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]],
      ['a.txt.gz', [0x1f, 0x8b, 0x08, 0x00, 0x00]],
      ['a.zip', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]],
      ['a.pdf', [...Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')]],
    ];
    for (const [key, bytes] of cases) {
      const result = await readArticles(input(key, new Uint8Array(bytes)));
      expect(reason(result), key).toBe('binary');
    }
  });

  it('malformed XML feed: malformed', async () => {
    const result = await readArticles(input('f.xml', '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</titl></item></channel></rss>'));
    expect(reason(result)).toBe('malformed');
  });

  it('billion laughs and external entities: unsafe, before any parser runs', async () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<rss version="2.0"><channel><title>&lol9;</title></channel></rss>',
    ].join('\n');
    expect(reason(await readArticles(input('lol.xml', lol)))).toBe('unsafe');
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>';
    expect(reason(await readArticles(input('xxe.rss', xxe)))).toBe('unsafe');
    expect(reason(await readArticles(input('xxe.html', `<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>&x;</body></html>`)))).toBe('unsafe');
  });

  it('JSON nested 100,000 levels: malformed, no stack overflow escapes', async () => {
    expect(reason(await readArticles(input('deep.json', '['.repeat(100_000) + ']'.repeat(100_000))))).toBe('malformed');
    expect(reason(await readArticles(input('deep.json', '{"title":'.repeat(100_000) + '"x"' + '}'.repeat(100_000))))).toBe('malformed');
  });

  it('HTML without readable text: no-text', async () => {
    const page = '<html><head><title>Only a title</title><script>var x = "lots of script text";</script><style>p{color:red}</style></head><body><img src="a.png"></body></html>';
    expect(reason(await readArticles(input('empty.html', page)))).toBe('no-text');
  });

  it('whitespace or chrome only: no-text; a title without body is fine', async () => {
    expect(reason(await readArticles(input('blank.txt', ' \n\t\n ')))).toBe('no-text');
    expect(reason(await readArticles(input('chrome.txt', 'Enlarge this image\n---\nAdvertisement\n')))).toBe('no-text');
    expect(reason(await readArticles(input('title.txt', 'Just a headline\n')))).toBe('ok');
  });

  it('mixed encodings: encoding', async () => {
    const mixed = Buffer.concat([Buffer.from('Genève — “truce” talks\n', 'utf8'), Buffer.from('Gen\xe8ve \x97 \x93truce\x94 talks\n', 'latin1')]);
    expect(reason(await readArticles(input('mixed.txt', mixed)))).toBe('encoding');
  });

  it('HTML nested 100,000 levels: malformed, quickly', async () => {
    const deep = `<html><body>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}</body></html>`;
    expect(reason(await readArticles(input('deep.html', deep)))).toBe('malformed');
  });

  it('script in HTML never reaches the text', async () => {
    const html = '<html><body><article><p>Real text about the truce in Aleppo.</p><script>document.write("<p>SCRIPT TEXT</p>")</script><p onclick="alert(1)">More &lt;script&gt;alert(1)&lt;/script&gt; text.</p></article></body></html>';
    const result = await readArticles(input('x.html', html));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.articles[0]?.body).not.toMatch(ACTIVE_CONTENT);
      expect(result.articles[0]?.body).not.toContain('SCRIPT TEXT');
      expect(result.articles[0]?.body).toContain('Real text about the truce in Aleppo.');
    }
  });
});

describe('the third-party hostile corpus (feedparser)', () => {
  const sanitize = fixtureFiles(`${HOSTILE_DIR}/sanitize`);
  const illformed = fixtureFiles(`${HOSTILE_DIR}/illformed`);

  it('has the files this test expects', () => {
    expect(sanitize.length).toBeGreaterThan(400);
    expect(illformed.length).toBeGreaterThan(15);
  });

  it('sanitize: every file gives articles or a rejection, and no active content survives', async () => {
    let articles = 0;
    for (const name of sanitize) {
      const result = await readArticles(fileInput(`${HOSTILE_DIR}/sanitize`, name));
      expectWellFormed(result, name);
      if (!result.ok) continue;
      for (const article of result.articles) {
        articles++;
        for (const value of [article.title, article.body, article.publisher ?? '', article.byline ?? '', article.section ?? '', article.url ?? '']) {
          expect(value, `${name}: ${value.slice(0, 120)}`).not.toMatch(ACTIVE_CONTENT);
        }
        if (article.url !== undefined) expect(article.url).toMatch(/^https?:\/\//);
      }
    }
    expect(articles).toBeGreaterThan(150);
  });

  it('sanitize: the script and embed cases keep their safe text', async () => {
    for (const name of ['item_description_script.xml', 'entry_content_script_cdata.xml', 'item_xhtml_body_script.xml', 'item_content_encoded_embed.xml']) {
      const result = await readArticles(fileInput(`${HOSTILE_DIR}/sanitize`, name));
      expect(result.ok && result.articles[0]?.body, name).toBe('safe description');
    }
  });

  it('illformed: every file gives articles or a rejection', async () => {
    const outcomes: Record<string, string> = {};
    for (const name of illformed) {
      const result = await readArticles(fileInput(`${HOSTILE_DIR}/illformed`, name));
      expectWellFormed(result, name);
      outcomes[name] = reason(result);
    }
    expect(outcomes['aaa_illformed.xml']).toBe('malformed');
    expect(outcomes['rss_incomplete_cdata.xml']).toBe('malformed');
    expect(outcomes['rss_empty_document.xml']).toBe('malformed');
  });
});

describe('the real feeds (rss-parser test fixtures)', () => {
  const itemCount = (xml: string): number => (xml.match(/<(?:item|entry)[\s>]/g) ?? []).length;
  const expected: Record<string, { count: number; first?: string; publisher?: string; language?: string }> = {
    'content-encoded.rss': { count: 7, first: 'THE CREATIVE FORAGER', publisher: 'Food in Invironment on Medium' },
    'encoding.rss': { count: 40, first: 'Mãe de utente é a nova presidente da Raríssimas', language: 'pt' },
    'guardian.rss': { count: 55, publisher: 'The Guardian' },
    'heise.atom': { count: 15, first: 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei', language: 'de' },
    'heraldsun.rss': { count: 2, first: 'The First Item', language: 'en' },
    'rss-1.rss': { count: 69 },
    'uolNoticias.rss': { count: 15, publisher: 'UOL Noticias', language: 'pt' },
  };

  for (const name of fixtureFiles(FEEDS_DIR)) {
    it(`${name}: one article per item, each with a title`, async () => {
      const xml = readFileSync(`${FEEDS_DIR}/${name}`, 'latin1');
      const result = await readArticles(fileInput(FEEDS_DIR, name));
      expectWellFormed(result, name);
      if (name === 'incomplete-fields.atom' || name === 'missing-fields.atom') {
        // Their only entry has no title and no content at all.
        expect(reason(result)).toBe('no-text');
        return;
      }
      if (!result.ok) throw new Error(result.rejection.detail);
      expect(result.articles).toHaveLength(itemCount(xml));
      for (const [index, article] of result.articles.entries()) {
        expect(article.title.length, `${name}#${index}`).toBeGreaterThan(0);
        expect(article.key).toBe(result.articles.length > 1 ? `${name}#${index}` : name);
        expect(article.format).toBe('feed');
        expect(article.body).not.toMatch(/<\/?(?:p|div|a|img|br)\b/i);
      }
      const wanted = expected[name];
      if (wanted) {
        expect(result.articles).toHaveLength(wanted.count);
        if (wanted.first) expect(result.articles[0]?.title).toBe(wanted.first);
        if (wanted.publisher) expect(result.articles[0]?.publisher).toBe(wanted.publisher);
        if (wanted.language) expect(result.articles[0]?.language).toBe(wanted.language);
      }
    });
  }
});
