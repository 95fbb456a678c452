/**
 * End to end, as a user runs it: the local stack on free ports in a temporary folder, the five seed
 * articles dropped with their publication dates (through the CLI's drop code and the embedded S3),
 * the feeds read with rss-parser and as JSON, the primary developments found with the gold dates,
 * the same files dropped again without changing a byte, and the data still there after a restart.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFiles, resolveTarget } from '../../functions/cli/drop.ts';
import { CONTENT_TYPES, itemId } from '#commons/feeds/render.ts';
import { localStatus } from '../../functions/cli/status.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpus');
/** Two outlets' reports of one development, each below the feeds' minimum confidence on its own (in our own words). */
const CORROBORATION = path.resolve(import.meta.dirname, '../fixtures/corroboration');
interface GoldArticle {
  file: string;
  published: string;
  primary: { type: string[]; occurred: string[]; theatre: string };
}
interface JsonFeed {
  version: string;
  description: string;
  items: {
    id: string;
    title: string;
    _ceasefire: { id: string; type: string; occurred: { date: string }; theatre: { country: string }; confidence: number };
    _ceasefire_confidence: { corroborated: number; feed_minimum: number };
  }[];
}

let dir: string;
let stack: LocalStack;

async function dropSeeds(gold: GoldArticle[]): Promise<void> {
  const target = await resolveTarget({}, { DATA_DIR: dir });
  for (const article of gold) {
    const file = path.join(CORPUS, article.file);
    const result = await dropFiles([{ file, key: `inbox/${path.basename(file)}` }], target, { metadata: { published: article.published } });
    expect(result.failed).toEqual([]);
  }
  target.s3.destroy();
  await stack.idle();
}

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${stack.state.feedBaseUrl}${pathname}`, { headers });

describe.skipIf(!existsSync(path.join(CORPUS, 'gold.json')))('the local stack, end to end', () => {
  let gold: GoldArticle[];

  beforeAll(async () => {
    gold = (JSON.parse(await readFile(path.join(CORPUS, 'gold.json'), 'utf8')) as { articles: GoldArticle[] }).articles;
    dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-stack-'));
    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0 });
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts empty, and the feed and page say how to drop articles', async () => {
    const feed = await new Parser().parseString(await (await get('/feed.xml')).text());
    expect(feed.items).toEqual([]);
    expect(feed.description).toContain('npx ceasefire-feed drop');
    expect(await (await get('/')).text()).toContain('npm run demo');
  });

  it('turns the five seeds into feed items with the gold types and dates', async () => {
    await dropSeeds(gold);
    const rssResponse = await get('/feed.xml');
    expect(rssResponse.headers.get('content-type')).toBe(CONTENT_TYPES.rss);
    const rss = await new Parser().parseString(await rssResponse.text());
    const jsonResponse = await get('/feed.json');
    expect(jsonResponse.headers.get('content-type')).toBe(CONTENT_TYPES.json);
    const json = (await jsonResponse.json()) as JsonFeed;
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');

    for (const article of gold) {
      const { type, occurred, theatre } = article.primary;
      const match = json.items.find(
        (item) => type.includes(item._ceasefire.type) && occurred.includes(item._ceasefire.occurred.date) && item._ceasefire.theatre.country === theatre,
      );
      expect(match, `${article.file}: a ${type.join('/')} in ${theatre} on ${occurred.join(' or ')}`).toBeDefined();
      expect(match!.id).toBe(itemId(match!._ceasefire.id));
      expect(rss.items.map((i) => i.guid)).toContain(match!.id);
    }
    expect(rss.items.map((i) => i.guid).sort()).toEqual(json.items.map((i) => i.id).sort());
    expect(await localStatus(stack.state)).toMatchObject({ dropped: 5, processed: 5, rejected: 0, pending: 0, events: json.items.length });
  });

  it('keeps ETag and Last-Modified when the same files are dropped again, and answers conditional GETs with 304', async () => {
    const before = await get('/feed.xml');
    const etag = before.headers.get('etag')!;
    const lastModified = before.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    await dropSeeds(gold);
    const after = await get('/feed.xml');
    expect(after.headers.get('etag')).toBe(etag);
    expect(after.headers.get('last-modified')).toBe(lastModified);

    expect((await get('/feed.xml', { 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/feed.xml', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get('/feed.xml', { 'If-None-Match': '"other"', 'If-Modified-Since': lastModified })).status).toBe(200);
  });

  it('keeps everything across a restart', async () => {
    const etag = (await get('/feed.xml')).headers.get('etag');
    const items = ((await (await get('/feed.json')).json()) as JsonFeed).items.map((i) => i.id);
    const port = stack.state.port;
    await stack.stop();
    stack = await startLocalStack({ dataDir: dir, port, s3Port: 0, dynamoPort: 0 });
    expect((await get('/feed.xml')).headers.get('etag')).toBe(etag);
    expect(((await (await get('/feed.json')).json()) as JsonFeed).items.map((i) => i.id)).toEqual(items);
    expect(await localStatus(stack.state)).toMatchObject({ dropped: 5, processed: 5, pending: 0, events: items.length });
  });

  it("keeps a development that one outlet reports below the feeds' confidence threshold on the pages, and feeds it once a second outlet reports it", async () => {
    // Two reports of talks in Jeddah (in the headline: well above the threshold) that each mention, low down
    // and dated only by the article, a violation of the truce in Omdurman: 0.50 from each, 0.55 from both.
    const drop = async (file: string, metadata: Record<string, string>) => {
      const target = await resolveTarget({}, { DATA_DIR: dir });
      const result = await dropFiles([{ file: path.join(CORROBORATION, file), key: `inbox/${file}` }], target, { metadata });
      target.s3.destroy();
      expect(result.failed).toEqual([]);
      await stack.idle();
    };
    const sudan = async () => ((await (await get('/feed.json')).json()) as JsonFeed).items.filter((i) => i._ceasefire.theatre.country === 'SD');

    await drop('alpha-news.txt', { published: '2024-03-12', publisher: 'Alpha News' });
    expect((await sudan()).map((i) => i._ceasefire.type)).toEqual(['talks']);
    const page = await (await get('/theatre/SD.html')).text();
    const entry = page.slice(page.indexOf('Truce in Omdurman, Sudan violated'));
    expect(entry, 'the violation is on the page, marked').toMatch(/^Truce in Omdurman, Sudan violated<\/a><\/h2>\n.*\n<p class="held">.*Confidence 0\.50, under the 0\.55/);
    const rss = await new Parser().parseString(await (await get('/feeds/theatre/SD.xml')).text());
    expect(rss.items.map((i) => i.title)).toEqual([(await sudan())[0]!.title]);

    await drop('beta-wire.md', {});
    const violation = (await sudan()).find((i) => i._ceasefire.type === 'violation');
    expect(violation, 'in the feed once a second outlet reports it').toBeDefined();
    expect(violation!._ceasefire_confidence).toEqual({ corroborated: 0.55, feed_minimum: 0.55 });
    expect(violation!._ceasefire.confidence).toBe(0.5);
    expect((await new Parser().parseString(await (await get('/feed.xml')).text())).items.map((i) => i.guid)).toContain(violation!.id);
    expect(await (await get('/theatre/SD.html')).text()).not.toContain('class="held"');
  });
});
