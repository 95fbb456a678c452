/**
 * `drop`, `status`, `publish` and `reextract` against a running local stack (started in-process on free ports),
 * through the CLI's own `main`, found from DATA_DIR as a user's shell would.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../../functions/cli/drop.ts';
import { localStackEnv } from '../../functions/cli/local-stack.ts';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';
import { cli } from './helpers.ts';

const STORY = (place: string, day: number) => `Truce agreed in ${place}

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;

const FRENCH = `Cessez-le-feu à Gaza : Israël et le Hamas concluent une trêve

Israël et le Hamas ont conclu mercredi un accord de cessez-le-feu dans la bande de Gaza, a annoncé le Premier ministre qatari à Doha. La trêve doit entrer en vigueur dimanche.`;
const GERMAN = `Waffenruhe im Gazastreifen: Israel und Hamas einigen sich

Israel und die Hamas haben sich am Mittwoch auf eine Waffenruhe im Gazastreifen geeinigt, wie der Ministerpräsident von Katar in Doha mitteilte. Die Feuerpause soll am Sonntag in Kraft treten.`;

let dir: string;
let stack: LocalStack | undefined;
/** What the stack's console shows (`npm start` prints these lines with a time). */
const logged: string[] = [];
const savedEnv = { DATA_DIR: process.env.DATA_DIR, PORT: process.env.PORT };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-cli-'));
  process.env.DATA_DIR = path.join(dir, 'data');
  delete process.env.PORT;
});
afterAll(async () => {
  await stack?.stop();
  Object.assign(process.env, savedEnv);
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  await rm(dir, { recursive: true, force: true });
});

describe('CLI without a running stack', () => {
  it('says how to start it', async () => {
    for (const command of [['status'], ['publish'], ['reextract'], ['drop', import.meta.filename]]) {
      const { code, err } = await cli(...command);
      expect(code).toBe(1);
      expect(err).toContain('npm start');
    }
  });
});

describe('CLI against the local stack', () => {
  beforeAll(async () => {
    stack = await startLocalStack({ dataDir: process.env.DATA_DIR!, port: 0, s3Port: 0, dynamoPort: 0, ingestWorkers: 0, log: (line) => logged.push(line) });
  });

  it('drop uploads files and folders recursively, keeping names, and --wait waits for the feed', async () => {
    const articles = path.join(dir, 'articles');
    await mkdir(path.join(articles, 'gaza'), { recursive: true });
    await writeFile(path.join(articles, 'gaza', 'day 3.txt'), STORY('Gaza', 3));
    await writeFile(path.join(articles, 'gaza', 'day+4.txt'), STORY('Gaza', 4));
    await writeFile(path.join(articles, '.hidden.txt'), 'skipped');
    await writeFile(path.join(dir, 'photo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
    expect((await collectFiles([articles, path.join(dir, 'photo.png')])).map((f) => f.key)).toEqual([
      'inbox/gaza/day 3.txt',
      'inbox/gaza/day+4.txt',
      'inbox/photo.png',
    ]);

    const { code, out } = await cli('drop', '--wait', '--publisher', 'Example News', articles, path.join(dir, 'photo.png'));
    expect(code).toBe(0);
    expect(out).toContain('Dropped 3 files into the local inbox');
    expect(out).toContain('3 dropped: 2 processed, 1 rejected, 0 pending');
  });

  it('status --json prints exactly the counts', async () => {
    const { code, out } = await cli('status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(out);
    expect(Object.keys(status)).toEqual(['dropped', 'processed', 'rejected', 'pending', 'events', 'unsupported']);
    expect(status).toMatchObject({ dropped: 3, processed: 2, rejected: 1, pending: 0, unsupported: 0 });
    expect(status.events).toBeGreaterThan(0);
  });

  it('status lists rejected objects with their reasons', async () => {
    const { out } = await cli('status');
    expect(out).toMatch(/rejected\s+1/);
    expect(out).toContain('inbox/photo.png');
    expect(out).toContain('binary: The file is a PNG image');
  });

  it('publish rebuilds and changes no byte when nothing changed', async () => {
    const { code, out } = await cli('publish', '--full');
    expect(code).toBe(0);
    expect(out).toMatch(/Rebuilt the feeds from \d+ developments? in \d+ ms: no file changed/);
  });

  it('reextract on an unchanged extractor changes nothing', async () => {
    const { code, out } = await cli('reextract', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ dryRun: false, articles: 2, articlesRelinked: 0, created: [], updated: [], removed: [] });
    expect(summary.unchanged).toBeGreaterThan(0);
    expect(summary.rebuild.written).toEqual([]);
  });

  it('reextract applies the extractor to stored articles: stale content recomputed, unsupported developments removed from the feed', async () => {
    const feedIds = async () => {
      const feed = (await (await fetch(`${stack!.state.feedBaseUrl}/feed.json`)).json()) as { items: { id: string }[] };
      return feed.items.map((item) => item.id);
    };
    // What an older extractor left: a false positive from a price-war story, and a Gaza truce without its mediators.
    const trap = makeArticle({ seed: 'price-war', title: 'Supermarkets call a truce in the price war', body: 'The chains agreed to stop cutting prices.' });
    const ghost = makeEvent({ seed: 'price-war', article: trap, headline: 'Supermarkets agree price-war truce' });
    const gaza = await withPipeline(localStackEnv(stack!.state), async ({ store }) => {
      await store.recordArticle(trap, [ghost]);
      const [event] = (await store.listFeedEvents()).events.filter((e) => e.mediators.length > 0);
      await store.reviseEvent(event!.id, async (current) => ({ ...current!, mediators: [] }));
      return event!;
    });
    await cli('publish');
    expect((await feedIds()).some((id) => id.includes(ghost.id))).toBe(true);

    const dry = await cli('reextract', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run, nothing written: re-extracted 3 stored articles');
    expect(dry.out).toMatch(/updated\s+1/);
    expect(dry.out).toContain(`Would remove:\n  ${ghost.id}  Supermarkets agree price-war truce`);
    expect((await feedIds()).some((id) => id.includes(ghost.id))).toBe(true);

    const run = await cli('reextract');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Re-extracted 3 stored articles');
    expect(run.out).toMatch(/removed\s+1 /);
    expect(run.out).toMatch(/articles\s+1 relinked/);
    expect(run.out).toMatch(/Rebuilt the feeds from \d+ developments? in \d+ ms: wrote .*feed\.json/);
    expect((await feedIds()).some((id) => id.includes(ghost.id))).toBe(false);
    await withPipeline(localStackEnv(stack!.state), async ({ store }) => {
      expect(await store.getEvent(ghost.id)).toBeUndefined();
      expect((await store.getEvent(gaza.id))?.mediators).toEqual(gaza.mediators);
      expect((await store.getArticle(trap.id))?.eventIds).toEqual([]);
    });

    const again = JSON.parse((await cli('reextract', '--json')).out);
    expect(again).toMatchObject({ articles: 3, articlesRelinked: 0, created: [], updated: [], removed: [] });
  });

  it('drop checks its metadata before uploading', async () => {
    const { code, err } = await cli('drop', '--published', 'yesterday', path.join(dir, 'photo.png'));
    expect(code).toBe(2);
    expect(err).toContain('--published wants a date');
  });

  it('refuses a PORT that is not the stack of this DATA_DIR', async () => {
    process.env.PORT = String(stack!.state.port + 1);
    try {
      const { code, err } = await cli('status');
      expect(code).toBe(1);
      expect(err).toContain(`listens on port ${stack!.state.port}`);
    } finally {
      delete process.env.PORT;
    }
  });

  it('drop says when an article was stored before, and which of its new metadata was therefore not applied', async () => {
    const file = path.join(dir, 'redrop', 'rafah.txt');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, STORY('Rafah', 5));
    const first = await cli('drop', '--wait', file);
    expect(first.out).not.toContain('stored before');
    expect(first.out).toContain('processed inbox/rafah.txt (1 article) — it has no publication date, so its developments are dated by arrival');
    // Without --wait it points at status, with this stack's PORT and DATA_DIR.
    const copy = path.join(dir, 'redrop', 'copy', 'rafah-again.txt');
    await mkdir(path.dirname(copy), { recursive: true });
    await writeFile(copy, STORY('Rafah', 5));
    const quick = await cli('drop', copy);
    expect(quick.out).toContain(`(progress: PORT=${stack!.state.port} DATA_DIR=${process.env.DATA_DIR} npx ceasefire-feed status)`);
    await cli('drop', '--wait', path.join(dir, 'redrop', 'copy'));

    // S3 times have one-second resolution: the same key again is told apart by its newer time.
    await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
    const again = await cli('drop', '--wait', '--url', 'https://example.org/a', '--publisher', 'VOA', file);
    expect(again.code).toBe(0);
    const line =
      'processed inbox/rafah.txt (1 article, already stored by an earlier drop of inbox/rafah.txt; the stored article keeps its metadata, ' +
      "so this drop's url and publisher were not applied to it)";
    expect(again.out).toContain(
      `One file holds articles stored before. An article (its title and text) is stored once, with the metadata it first came with:\n  ${line}\n`,
    );
    await expect.poll(() => logged).toContain(line);
    expect(logged.filter((l) => l.startsWith('processed inbox/rafah.txt (1 article) — it has no publication date'))).toHaveLength(1);
    const same = await cli('drop', '--wait', path.join(dir, 'redrop', 'copy'));
    expect(same.out).toContain('  processed inbox/rafah-again.txt (1 article, already stored by an earlier drop of inbox/rafah.txt)\n');
  });

  it('an article in a language the extractor does not read yet is reported as unsupported by extract, drop, status and reextract, not as one without news', async () => {
    const folder = path.join(dir, 'foreign');
    await mkdir(folder, { recursive: true });
    const fr = path.join(folder, 'fr.txt');
    const de = path.join(folder, 'de.txt');
    await writeFile(fr, FRENCH);
    await writeFile(de, GERMAN);
    const before = JSON.parse((await cli('status', '--json')).out);

    const extracted = await cli('extract', fr, de);
    expect(extracted.code).toBe(0);
    expect(extracted.out).not.toContain('no ceasefire development');
    expect(extracted.out).toContain(
      `${fr}: Cessez-le-feu à Gaza : Israël et le Hamas concluent une trêve\n  unsupported language, not read: The article is in French (fr); ` +
        'the extractor reads only English (en) so far, so it was not searched for developments.\n',
    );
    expect(extracted.out).toContain('The article is in German (de)');
    const json = JSON.parse((await cli('extract', '--json', fr)).out);
    expect(json[0]).toMatchObject({ events: [], article: { language: 'fr' }, unsupported: { language: 'fr' } });

    const dropped = await cli('drop', '--wait', '--published', '2025-01-15', fr, de);
    expect(dropped.code).toBe(0);
    expect(dropped.out).toContain('; 2 articles in a language the extractor does not read yet (stored, not read).');
    const line = (key: string, language: string) =>
      `processed ${key} (1 article) — not read: it is in ${language}, which the extractor does not read yet; it is kept, ` +
      "and 'ceasefire-feed reextract' reads it once the extractor does";
    expect(dropped.out).toContain('2 files hold articles in a language the extractor does not read yet, so they add no development:\n');
    expect(dropped.out).toContain(`  ${line('inbox/fr.txt', 'French (fr)')}\n`);
    expect(dropped.out).toContain(`  ${line('inbox/de.txt', 'German (de)')}\n`);
    await expect.poll(() => logged).toContain(line('inbox/fr.txt', 'French (fr)'));

    const status = await cli('status');
    expect(status.out).toMatch(/unsupported {2}2 {2}articles in a language the extractor does not read yet \(stored, not read; listed below\)/);
    expect(status.out).toContain("Unsupported language (the articles are kept; 'ceasefire-feed reextract' reads them once the extractor reads their language):");
    expect(status.out).toContain('  inbox/fr.txt\n      French (fr): Cessez-le-feu à Gaza : Israël et le Hamas concluent une trêve\n');
    expect(status.out).toContain('  inbox/de.txt\n      German (de): Waffenruhe im Gazastreifen: Israel und Hamas einigen sich\n');
    const counts = JSON.parse((await cli('status', '--json')).out);
    expect(counts).toMatchObject({ processed: before.processed + 2, rejected: before.rejected, events: before.events, unsupported: 2 });

    // Kept for a later extractor: re-extraction sees them, reads nothing in them and changes nothing.
    const again = JSON.parse((await cli('reextract', '--json')).out);
    expect(again).toMatchObject({ unsupported: 2, created: [], updated: [], removed: [], articlesRelinked: 0 });
    expect((await cli('reextract', '--dry-run')).out).toContain('  2 articles are in a language the extractor does not read yet: not read (see status)');
  });
});
