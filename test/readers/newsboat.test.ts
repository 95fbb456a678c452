/**
 * A real feed reader: newsboat (Debian's package) subscribed to the RSS and Atom feeds, served over
 * HTTP, reads every item with the id and link of the JSON Feed twin, and, subscribed to both formats,
 * shows each development once. (newsboat 2.21 reads no JSON Feed; @extractus/feed-extractor reads it
 * in test/feeds/conformance.test.ts, with the same ids.)
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFeeds, type RenderedFile } from '#commons/feeds/render.ts';
import { NEWSBOAT_INSTALL, newsboatAvailable, readWithNewsboat } from '../../local/newsboat.ts';
import { corpusEvents } from '../feeds/fixtures.ts';
import { json } from '../feeds/helpers.ts';
import { missingProgram, serveFiles } from '../helpers/tools.ts';

const HAVE_NEWSBOAT = await newsboatAvailable();
const SUITE = 'newsboat reads the feeds';

let server: Server;
let origin: string;
let files: Map<string, RenderedFile>;

describe.runIf(HAVE_NEWSBOAT)(SUITE, () => {
  beforeAll(async () => {
    ({ server, origin } = await serveFiles(() => files));
    files = renderFeeds(await corpusEvents(), { baseUrl: origin });
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it('reads feed.xml and atom.xml with the ids and links of feed.json, and each development once from both', async () => {
    const [rss, atom, twin] = ['feed.xml', 'atom.xml', 'feed.json'];
    const expected = json(files, twin).items.map((i: { id: string; url: string }) => ({ guid: i.id, url: i.url }));
    expect(expected.length).toBeGreaterThan(3);
    const sorted = (items: { guid: string; url: string }[]) => items.map(({ guid, url }) => ({ guid, url })).sort((a, b) => (a.guid < b.guid ? -1 : 1));
    for (const key of [rss, atom]) {
      const read = await readWithNewsboat([`${origin}/${key}`]);
      expect(read.summary, key).toBe(`${expected.length} unread articles`);
      expect(sorted(read.items), key).toEqual(sorted(expected));
    }
    const both = await readWithNewsboat([`${origin}/${rss}`, `${origin}/${atom}`]);
    expect(both.summary).toBe(`${expected.length} unread articles`);
    expect(sorted(both.items)).toEqual(sorted(expected));
  });
});

if (!HAVE_NEWSBOAT) missingProgram(SUITE, `newsboat and sqlite3 are not installed; install them with: ${NEWSBOAT_INSTALL}.`);
