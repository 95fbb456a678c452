/**
 * `npm run reader-check`: subscribes a real feed reader, newsboat, to the running local stack's RSS and
 * Atom feeds with a throw-away configuration and cache (local/newsboat.ts), prints the items it read,
 * and checks that it read the items of the feed's JSON twin, with the same ids, in both formats, and
 * that subscribed to both it shows each development once.
 */
import { findLocalStack } from '../functions/cli/local-stack.ts';
import { NEWSBOAT_INSTALL, newsboatAvailable, readWithNewsboat, type NewsboatItem } from './newsboat.ts';

if (!(await newsboatAvailable())) {
  console.error(`newsboat (and sqlite3, to read its cache) is not installed. Install them with:\n  ${NEWSBOAT_INSTALL}\n(then run npm run reader-check again)`);
  process.exit(1);
}

let state;
try {
  state = await findLocalStack();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const rss = `${state.feedBaseUrl}/feed.xml`;
const atom = `${state.feedBaseUrl}/atom.xml`;
const json = (await (await fetch(`${state.feedBaseUrl}/feed.json`)).json()) as { items: { id: string }[] };
const expected = json.items.map((i) => i.id);

const problems: string[] = [];
const compare = (label: string, items: readonly NewsboatItem[]) => {
  const ids = new Set(items.map((i) => i.guid));
  const missing = expected.filter((id) => !ids.has(id));
  if (missing.length || items.length !== expected.length) {
    problems.push(`${label}: newsboat read ${items.length} items, /feed.json has ${expected.length}; ids missing: ${missing.join(', ') || 'none'}`);
  }
};

try {
  const fromRss = await readWithNewsboat([rss]);
  console.log(`newsboat subscribed to ${rss}: ${fromRss.summary}\n\nItems newsboat read (${fromRss.items.length}):`);
  for (const item of fromRss.items) {
    const date = new Date(item.pubDate * 1000).toISOString().slice(0, 10);
    console.log(`  ${date}  ${item.title}\n              id ${item.guid}\n              ${item.url}`);
  }
  compare(rss, fromRss.items);
  const fromAtom = await readWithNewsboat([atom]);
  console.log(`\nnewsboat subscribed to ${atom}: ${fromAtom.summary}`);
  compare(atom, fromAtom.items);
  const both = await readWithNewsboat([rss, atom]);
  console.log(`newsboat subscribed to both: ${both.summary}`);
  if (both.items.length !== expected.length) problems.push(`subscribed to both formats, newsboat shows ${both.items.length} items for ${expected.length} developments`);
} catch (error) {
  console.error(`newsboat failed: ${(error as Error).message}`);
  process.exit(1);
}

if (expected.length === 0) {
  console.log('\nThe feed has no items yet. Drop some articles first (npm run demo), then run this again.');
  process.exit(1);
}
if (problems.length) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`\nOK: newsboat read all ${expected.length} items from RSS and from Atom, with the same ids as /feed.json, and shows each once when subscribed to both.`);
