/**
 * A real feed reader, newsboat, subscribed to feeds with a throw-away configuration and cache: it
 * fetches them (`newsboat -x reload print-unread`) and the items it stored are read back from its cache
 * with the sqlite3 command-line tool. Used by `npm run reader-check` and by the reader tests.
 *
 * newsboat keeps one item per guid (or Atom id) across all the feeds it follows, so a development
 * that two subscribed feeds carry with the same id is stored, and counted unread, once.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NewsboatItem {
  feedUrl: string;
  guid: string;
  title: string;
  url: string;
  /** Seconds since the epoch. */
  pubDate: number;
}

export interface NewsboatRead {
  /** What newsboat printed: "20 unread articles". */
  summary: string;
  /** The items it stored, newest first. */
  items: NewsboatItem[];
}

export const NEWSBOAT_INSTALL = 'sudo apt-get install newsboat sqlite3';

/** Whether newsboat and the sqlite3 tool (to read its cache) are installed. */
export async function newsboatAvailable(): Promise<boolean> {
  const has = (command: string) => run(command, ['--version']).then(() => true, () => false);
  const [newsboat, sqlite3] = await Promise.all([has('newsboat'), has('sqlite3')]);
  return newsboat && sqlite3;
}

/** Subscribes newsboat to `feedUrls`, lets it fetch them once and returns what it stored. */
export async function readWithNewsboat(feedUrls: readonly string[]): Promise<NewsboatRead> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-newsboat-'));
  try {
    const urls = path.join(dir, 'urls');
    const config = path.join(dir, 'config');
    const cache = path.join(dir, 'cache.db');
    await writeFile(urls, feedUrls.map((url) => `${url}\n`).join(''));
    await writeFile(config, 'reload-threads 1\ndownload-timeout 20\nshow-read-feeds yes\n');
    // HOME points at the temporary folder too, so newsboat touches none of the user's own files.
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
    const fetched = await run('newsboat', ['-u', urls, '-c', cache, '-C', config, '-x', 'reload', 'print-unread'], { env, timeout: 60_000 });
    const query = 'SELECT feedurl AS feedUrl, guid, title, url, pubDate FROM rss_item WHERE deleted = 0 ORDER BY pubDate DESC, id';
    const stored = await run('sqlite3', ['-json', cache, query]);
    return {
      summary: fetched.stdout.trim(),
      items: stored.stdout.trim() ? (JSON.parse(stored.stdout) as NewsboatItem[]) : [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
