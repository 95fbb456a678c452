/**
 * `npm run demo`: drops the seed articles (../shared/corpus/seeds/*.txt) into the running local stack,
 * each with its publication date from ../shared/corpus/gold.json as S3 user metadata (`published`), the
 * same as `npx ceasefire-feed drop --published DATE FILE`, then waits until the feed shows them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { INBOX_PREFIX } from '../infra/names.ts';
import { dropFiles, resolveTarget } from '../functions/cli/drop.ts';
import { callLocalStack, CONTROL } from '../functions/cli/local-stack.ts';
import { formatCounts, localStatus } from '../functions/cli/status.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Gold {
  articles: { file: string; published?: string }[];
}

/** npm runs scripts in the package root; the shared corpus sits beside the repository. */
const corpus = path.resolve(process.env.CORPUS_DIR ?? '../shared/corpus');

let gold: Gold;
try {
  gold = JSON.parse(await readFile(path.join(corpus, 'gold.json'), 'utf8')) as Gold;
} catch {
  console.error(
    `The demo articles are not here: ${corpus}/gold.json and ${corpus}/seeds/ are missing (the shared corpus sits beside the repository, in ../shared).\n` +
      'Drop your own articles instead: npx ceasefire-feed drop FILE|DIR   (set CORPUS_DIR to use another corpus folder).',
  );
  process.exit(1);
}

try {
  const target = await resolveTarget({});
  const local = target.local!;
  console.log(`Dropping ${gold.articles.length} seed articles from ${corpus}/seeds into ${target.label}:`);
  let failed = 0;
  for (const entry of gold.articles) {
    const file = path.join(corpus, entry.file);
    const metadata = entry.published ? { published: entry.published } : {};
    const result = await dropFiles([{ file, key: INBOX_PREFIX + path.basename(file) }], target, { metadata });
    for (const f of result.failed) console.error(`  ${f.file.file}: ${f.error}`);
    failed += result.failed.length;
    if (result.dropped.length) console.log(`  ${path.basename(file)}  (published ${entry.published ?? 'unknown'})`);
  }
  target.s3.destroy();
  await callLocalStack(local, CONTROL.idle);
  const status = await localStatus(local);
  console.log(`\n${formatCounts(status)}`);
  console.log(`Open ${local.feedBaseUrl}/ in a browser, or subscribe to ${local.feedBaseUrl}/feed.xml in a feed reader (npm run reader-check tries newsboat).`);
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
