/**
 * Following a publisher's feed, as a user does it: the local stack started in-process (with
 * ALLOW_PRIVATE_SOURCES, since the publisher's server is on 127.0.0.1), `sources add` with one command,
 * `sources poll`, and the story published there ends as an item of /feed.xml without any drop. Then the
 * rest of the `sources` commands and what `status` says of failing sources.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { startPublisherServer, type PublisherServer } from '../sources/publisher-server.ts';
import { cli } from './helpers.ts';

const STORY_PAGE = path.resolve(import.meta.dirname, '../fixtures/corpus/articles/gaza-deal-2025.html');
const HEADLINE = 'Israel and Hamas agree Gaza ceasefire and hostage deal, Qatar says';

let dir: string;
let stack: LocalStack | undefined;
let publisher: PublisherServer;
const logged: string[] = [];
const savedEnv = { DATA_DIR: process.env.DATA_DIR, PORT: process.env.PORT };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-sources-'));
  process.env.DATA_DIR = path.join(dir, 'data');
  delete process.env.PORT;
  publisher = await startPublisherServer();
  // A wire service's feed: one item, only a summary, linking to the article page.
  publisher.set('/news/gaza-ceasefire-hostage-deal-doha', { body: await readFile(STORY_PAGE), contentType: 'text/html; charset=utf-8' });
  publisher.set('/wire/world.rss', {
    contentType: 'application/rss+xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire World</title><link>${publisher.base}/</link><description>World news</description>
<item><title>${HEADLINE}</title><link>${publisher.base}/news/gaza-ceasefire-hostage-deal-doha</link>
<guid isPermaLink="false">wire-2025-0115-gaza</guid><pubDate>Wed, 15 Jan 2025 18:30:00 GMT</pubDate>
<description>Qatar's prime minister announced the deal in Doha.</description></item>
<item><title>Truce observers arrive</title><link>${publisher.base}/articles/observers</link><guid>wire-observers</guid>
<description>An undated note from the desk.</description></item>
</channel></rss>`,
  });
  stack = await startLocalStack({
    dataDir: process.env.DATA_DIR,
    port: 0,
    s3Port: 0,
    dynamoPort: 0,
    ingestWorkers: 0,
    pollIntervalMinutes: 0,
    allowPrivateSources: '1',
    log: (line) => logged.push(line),
  });
});
afterAll(async () => {
  await stack?.stop();
  await publisher?.stop();
  Object.assign(process.env, savedEnv);
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  await rm(dir, { recursive: true, force: true });
});

describe('following a source on the local stack', () => {
  it('starts with no sources', async () => {
    const { code, out } = await cli('sources', 'list');
    expect(code).toBe(0);
    expect(out).toContain('No sources followed (local stack');
    expect(out).toContain('npx ceasefire-feed sources add FEED-URL');
  });

  it('adds a source with one command, and tells how to poll it now', async () => {
    const { code, out, err } = await cli('sources', 'add', `${publisher.base}/wire/world.rss`, '--name', 'wire', '--publisher', 'Wire News', '--keywords', 'ceasefire, truce');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Following wire: ${publisher.base}/wire/world.rss, keeping items that mention ceasefire, truce (local stack`);
    expect(out).toContain('npx ceasefire-feed sources poll');
  });

  it('a story published there ends as an item in /feed.xml, without any drop', async () => {
    const { code, out } = await cli('sources', 'poll', '--wait');
    expect(code).toBe(0);
    expect(out).toMatch(/^Polled 1 source \(local stack .*\) in \d+\.\d s: 2 new items\.$/m);
    expect(out).toContain(`+ ${HEADLINE}`);
    expect(out).toMatch(/inbox\/sources\/wire\/[\w-]{16}\.html \(the article page\)/);
    expect(out).toContain('Ingested and published. 2 dropped: 2 processed, 0 rejected, 0 pending');
    // The stack's console says which polled item is dated by arrival, and why.
    expect(logged).toContainEqual(expect.stringMatching(/^processed inbox\/sources\/wire\/[\w-]{16}\.html \(1 article\) — it has no publication date, so its developments are dated by arrival \(the feed gave no date\)$/));

    const rss = await new Parser().parseString(await (await fetch(`${stack!.state.feedBaseUrl}/feed.xml`)).text());
    const item = rss.items.find((i) => /Gaza/.test(i.title ?? ''));
    expect(item, rss.items.map((i) => i.title).join('\n')).toBeDefined();
    const json = (await (await fetch(`${stack!.state.feedBaseUrl}/feed.json`)).json()) as {
      items: { id: string; _ceasefire: { type: string; occurred: { date: string }; sources: { url?: string; publisher?: string }[] } }[];
    };
    const event = json.items.find((i) => i.id === item!.guid)!._ceasefire;
    expect(event).toMatchObject({ type: 'agreement', occurred: { date: '2025-01-15' } });
    expect(event.sources).toEqual([expect.objectContaining({ url: `${publisher.base}/news/gaza-ceasefire-hostage-deal-doha`, publisher: 'Wire News' })]);
  });

  it('polls again with the validators: nothing new, and the list says when it last succeeded', async () => {
    const again = await cli('sources', 'poll');
    expect(again.out).toContain('wire  not modified since the last poll (304)');
    const list = await cli('sources', 'list');
    expect(list.out).toMatch(/^1 source followed \(local stack .*\):$/m);
    expect(list.out).toContain(`  wire  ${publisher.base}/wire/world.rss`);
    expect(list.out).toContain('publisher Wire News; keywords ceasefire, truce');
    expect(list.out).toMatch(/last polled \d{4}-\d\d-\d\d \d\d:\d\d UTC: 0 new items; 2 items since it was added/);
    const json = JSON.parse((await cli('sources', 'list', '--json')).out);
    expect(json).toEqual([expect.objectContaining({ name: 'wire', etag: expect.any(String), itemsDropped: 2 })]);
  });

  it('records a failing source, which status and list name with its error', async () => {
    expect((await cli('sources', 'add', `${publisher.base}/broken/error.xml`, '--name', 'flaky')).code).toBe(0);
    const poll = await cli('sources', 'poll');
    expect(poll.out).toContain('flaky  FAILED (http): HTTP 500 Internal Server Error');
    expect(poll.out).toContain('wire   not modified');
    const status = await cli('status');
    expect(status.out).toContain("Sources: 2 followed, 1 failing ('sources list' shows them all)");
    expect(status.out).toMatch(/ {2}flaky\n {6}FAILING since .* UTC \(under an hour\): HTTP 500 Internal Server Error \(http, last try .*\)/);
    expect(JSON.parse((await cli('status', '--json')).out)).toMatchObject({ dropped: 2, processed: 2 });
    expect(logged.some((line) => line.includes('flaky: HTTP 500 Internal Server Error'))).toBe(true);
  });

  it('exports the list as YAML and imports an edited one, --prune removing what the file leaves out', async () => {
    const exported = await cli('sources', 'export');
    expect(exported.out).toContain(`- name: flaky\n  url: ${publisher.base}/broken/error.xml\n- name: wire\n`);
    const file = path.join(dir, 'sources.yaml');
    await writeFile(
      file,
      exported.out
        .replace(/- name: flaky\n {2}url: \S+\n/, '')
        .replace('publisher: Wire News', 'publisher: Wire News International')
        .concat(`- name: second\n  url: ${publisher.base}/feeds/heraldsun.rss\n`),
    );
    const kept = await cli('sources', 'import', file);
    expect(kept.out).toContain('Imported 2 sources from');
    expect(kept.out).toContain('1 added (second), 1 changed (wire), 0 unchanged.');
    expect(kept.out).toContain('Not in the file, still followed (flaky); --prune removes them.');
    const pruned = await cli('sources', 'import', file, '--prune');
    expect(pruned.out).toContain('0 added, 0 changed, 2 unchanged.\nRemoved 1 not in the file (flaky).');
    expect((await cli('sources', 'list', '--json')).out).toContain('Wire News International');
    // The state survives the new definition.
    expect(JSON.parse((await cli('sources', 'list', '--json')).out).find((s: { name: string }) => s.name === 'wire')).toMatchObject({ itemsDropped: 2 });
  });

  it('removes a source by name', async () => {
    expect((await cli('sources', 'remove', 'second')).out).toContain('No longer following second');
    const missing = await cli('sources', 'remove', 'second');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("No source named 'second'");
  });
});

describe('mistakes', () => {
  it('names the bad field and exits 2', async () => {
    const bad = await cli('sources', 'add', 'ftp://example.org/feed');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toContain("url: must be an http(s) URL without a user name or password, not 'ftp://example.org/feed'");
    const badName = await cli('sources', 'add', 'https://example.org/feed', '--name', 'Not A Slug');
    expect(badName.err).toContain('name: must be 1-64 lowercase letters, digits and hyphens');
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, '- name: ok\n  url: https://example.org/a\n- name: ok\n  url: https://example.org/b\n');
    const badFile = await cli('sources', 'import', file);
    expect(badFile.code).toBe(2);
    expect(badFile.err).toContain(`${file} is not a valid source list:\nentry 2: name: is also the name of entry 1`);
  });

  it('refuses a name or a feed that is followed already', async () => {
    const twice = await cli('sources', 'add', `${publisher.base}/wire/world.rss`, '--name', 'other');
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('is followed already, as \'wire\'');
    const sameName = await cli('sources', 'add', 'https://example.org/other.rss', '--name', 'wire');
    expect(sameName.err).toContain("A source named 'wire' is followed already");
  });

  it('explains its usage', async () => {
    expect((await cli('sources')).code).toBe(2);
    const unknown = await cli('sources', 'follow', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown sources command 'follow'");
    expect((await cli('sources', 'add')).err).toContain("'sources add' takes one URL.");
  });
});
