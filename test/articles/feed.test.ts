import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadError } from '#commons/articles/errors.ts';
import { asText, readFeed } from '#commons/articles/feed.ts';
import { FEEDS_DIR } from './helpers.ts';

const feedText = (name: string) => readFileSync(`${FEEDS_DIR}/${name}`, 'utf8');

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof ReadError ? error.reason : `threw ${String(error)}`;
  }
}

describe('readFeed', () => {
  it('reads RSS 2.0 items with content:encoded as plain text, links, dates and the feed title as publisher', async () => {
    const { drafts, title } = await readFeed(feedText('content-encoded.rss'));
    expect(title).toBe('Food in Invironment on Medium');
    expect(drafts).toHaveLength(7);
    expect(drafts[0]).toMatchObject({ title: 'THE CREATIVE FORAGER', publisher: 'Food in Invironment on Medium' });
    expect(drafts[0]?.url).toMatch(/^https:\/\/medium\.com\//);
    expect(drafts[0]?.body).not.toMatch(/<[a-z]/i);
    expect(drafts[0]?.body.length).toBeGreaterThan(200);
  });

  it('reads Atom, keeping the published date as written (rss-parser itself converts it to UTC)', async () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US"><title type="html">Wire &amp;amp; Co</title>
      <entry><title>Late evening truce</title><link href="https://e.example/1"/><published>2016-02-12T23:30:00-05:00</published><content type="html">&lt;p&gt;Para one.&lt;/p&gt;&lt;p&gt;Para two.&lt;/p&gt;</content><author><name>Ann</name></author></entry>
      <entry><title>Bad date</title><published>not a date</published><summary>Summary text.</summary></entry>
    </feed>`;
    const { drafts, title } = await readFeed(atom);
    expect(title).toBe('Wire & Co');
    expect(drafts[0]).toEqual({
      title: 'Late evening truce',
      body: 'Para one.\n\nPara two.',
      url: 'https://e.example/1',
      published: '2016-02-12T23:30:00-05:00',
      publisher: 'Wire & Co',
      byline: 'Ann',
      language: 'en-US',
    });
    expect(drafts[1]).toMatchObject({ title: 'Bad date', body: 'Summary text.', published: 'not a date' });
  });

  it("keeps an item's categories as its section, from RSS text and from Atom's term or label", async () => {
    const rss = '<rss version="2.0"><channel><title>T</title><item><title>A</title><category>Opinion</category><category domain="d">Middle East</category><description>x</description></item></channel></rss>';
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><title>B</title><category term="world"/><category term="op" label="Comment"/><content>x</content></entry></feed>';
    expect((await readFeed(rss)).drafts[0]?.section).toBe('Opinion, Middle East');
    expect((await readFeed(atom)).drafts[0]?.section).toBe('world, Comment');
  });

  it('reads RSS without a version attribute and RSS 1.0 (RDF)', async () => {
    expect((await readFeed('<rss><channel><title>T</title><item><title>A</title></item></channel></rss>')).drafts).toHaveLength(1);
    expect((await readFeed(feedText('rss-1.rss'))).drafts).toHaveLength(69);
  });

  it('derives a title from the text when an item has none, and gives undefined for empty items', async () => {
    const rss = '<rss version="2.0"><channel><item><description>First sentence of the item. Second one.</description></item><item><guid>x</guid></item></channel></rss>';
    const { drafts } = await readFeed(rss);
    expect(drafts[0]?.title).toBe('First sentence of the item.');
    expect(drafts[1]).toBeUndefined();
  });

  it('keeps only http(s) links', async () => {
    const rss = '<rss version="2.0"><channel><item><title>A</title><link>javascript:alert(1)</link></item></channel></rss>';
    expect((await readFeed(rss)).drafts[0]?.url).toBeUndefined();
  });

  it('rejects malformed XML and XML that is not a feed', async () => {
    expect(await reasonOf(readFeed('<rss version="2.0"><channel><item><title>a</title></item>'))).toBe('malformed');
    expect(await reasonOf(readFeed('<rss version="2.0"><channel><title>a &bogus; b</title></channel></rss>'))).toBe('malformed');
    expect(await reasonOf(readFeed('<note><to>x</to></note>'))).toBe('unsupported');
  });

  it('rejects 100,000 nested elements before parsing, and survives them in escaped item HTML', async () => {
    const deep = `<rss version="2.0"><channel><item><title>x</title><description>${'<b>'.repeat(100_000)}${'</b>'.repeat(100_000)}</description></item></channel></rss>`;
    expect(await reasonOf(readFeed(deep))).toBe('malformed');
    const escaped = `<rss version="2.0"><channel><item><title>x</title><description>${'&lt;b&gt;'.repeat(100_000)}deep${'&lt;/b&gt;'.repeat(100_000)}</description></item></channel></rss>`;
    expect((await readFeed(escaped)).drafts[0]?.body).toBe('deep');
  });
});

describe('asText', () => {
  it('flattens xml2js values and skips attributes and scripts', () => {
    expect(asText('a')).toBe('a');
    expect(asText({ _: 'text', $: { type: 'html' } })).toBe('text');
    expect(asText({ div: [{ p: ['one', 'two'], script: ['evil()'] }] })).toBe('one two');
    expect(asText(undefined)).toBe('');
  });
});

describe('readFeed dates', () => {
  it('uses the raw Atom updated date (not the UTC-converted one) when there is no published date', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><updated>2016-02-12T23:30:00-05:00</updated></entry></feed>';
    expect((await readFeed(atom)).drafts[0]?.published).toBe('2016-02-12T23:30:00-05:00');
  });
});
