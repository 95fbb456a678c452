/**
 * `npm run reader-check`: subscribes a real feed reader, newsboat, to the running local stack's RSS feed
 * with a throw-away configuration and cache, lets it fetch the feed (`newsboat -x reload print-unread`),
 * and prints the items newsboat stored, read back from its cache with the sqlite3 command-line tool.
 * It also checks that the reader got the same item ids (guids) as the feed's JSON twin.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findLocalStack } from '../functions/cli/local-stack.ts';

interface CachedItem {
  guid: string;
  title: string;
  url: string;
  pubDate: number;
}

function available(command: string): boolean {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return !probe.error;
}

if (!available('newsboat')) {
  console.error('newsboat is not installed. Install it with:\n  sudo apt-get install newsboat\n(then run npm run reader-check again)');
  process.exit(1);
}

let state;
try {
  state = await findLocalStack();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const feedUrl = `${state.feedBaseUrl}/feed.xml`;
const dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-reader-'));
try {
  const urls = path.join(dir, 'urls');
  const config = path.join(dir, 'config');
  const cache = path.join(dir, 'cache.db');
  await writeFile(urls, `${feedUrl}\n`);
  await writeFile(config, 'reload-threads 1\ndownload-timeout 20\nshow-read-feeds yes\n');
  // HOME points at the temporary folder too, so newsboat touches none of the user's own files.
  const run = spawnSync('newsboat', ['-u', urls, '-c', cache, '-C', config, '-x', 'reload', 'print-unread'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
    timeout: 60_000,
  });
  if (run.status !== 0) {
    console.error(`newsboat failed (exit ${run.status}):\n${run.stderr || run.stdout}`);
    process.exit(1);
  }
  console.log(`newsboat subscribed to ${feedUrl}: ${run.stdout.trim()}`);

  if (!available('sqlite3')) {
    console.log('Install sqlite3 (sudo apt-get install sqlite3) to list the items newsboat read from its cache.');
    process.exit(0);
  }
  const query = spawnSync('sqlite3', ['-json', cache, 'SELECT guid, title, url, pubDate FROM rss_item WHERE deleted = 0 ORDER BY pubDate DESC, id'], {
    encoding: 'utf8',
  });
  if (query.status !== 0) {
    console.error(`sqlite3 could not read newsboat's cache: ${query.stderr}`);
    process.exit(1);
  }
  const items = (query.stdout.trim() ? JSON.parse(query.stdout) : []) as CachedItem[];
  console.log(`\nItems newsboat read (${items.length}):`);
  for (const item of items) {
    const date = new Date(item.pubDate * 1000).toISOString().slice(0, 10);
    console.log(`  ${date}  ${item.title}\n              guid ${item.guid}  ${item.url}`);
  }
  if (items.length === 0) {
    console.log('\nThe feed has no items yet. Drop some articles first (npm run demo), then run this again.');
    process.exit(1);
  }

  const json = (await (await fetch(`${state.feedBaseUrl}/feed.json`)).json()) as { items: { id: string }[] };
  const expected = new Set(json.items.map((i) => i.id));
  const missing = [...expected].filter((id) => !items.some((i) => i.guid === id));
  if (missing.length || items.length !== expected.size) {
    console.error(`\nnewsboat read ${items.length} items, /feed.json has ${expected.size}; ids missing from the reader: ${missing.join(', ') || 'none'}`);
    process.exit(1);
  }
  console.log(`\nOK: newsboat read all ${items.length} items, with the same ids as /feed.json.`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
