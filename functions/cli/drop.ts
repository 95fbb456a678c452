/**
 * `ceasefire-feed drop FILE|DIR...`: upload articles into the inbox bucket under inbox/, where the
 * bucket's notification hands them to the ingest function. Targets: the local stack (default, found
 * from PORT/DATA_DIR), a deployed stage (`--stage`, its InboxBucketName output) or a bucket (`--bucket`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3 } from '#commons/aws/sdk.ts';
import cliProgress from 'cli-progress';
import { INBOX_PREFIX } from '../../infra/names.ts';
import { makeS3Client } from '#commons/aws/clients.ts';
import type { SuppliedMetadata } from '#commons/articles/types.ts';
import { mapLimit } from '#commons/pipeline/concurrency.ts';
import { withPipeline } from '#commons/pipeline/runtime.ts';
import { callLocalStack, CONTROL, findLocalStack, localEnvPrefix, localStackEnv, type LocalStackState } from './local-stack.ts';
import { describeObject, reportObject } from './outcome.ts';
import { stageOutputs } from './stage.ts';
import { formatCounts, localStatus } from './status.ts';

const HELP = `Usage: ceasefire-feed drop [options] FILE|DIR...

Uploads articles (.txt, .md, .html, .json, RSS/Atom feeds) into the inbox bucket under inbox/,
keeping each file name (folders are read recursively; their files keep their path inside the folder).
By default the target is the local stack started with 'npm start' (same PORT and DATA_DIR).

Options:
  --published YYYY-MM-DD   publication date, stored as S3 user metadata 'published'
  --url URL                the article's address (metadata 'url')
  --publisher NAME         who published it (metadata 'publisher')
  --stage dev|staging|prod drop into a deployed stage (its InboxBucketName output; uses AWS_PROFILE)
  --bucket NAME            drop into this bucket (uses AWS_PROFILE)
  --wait                   local stack: wait until everything dropped is ingested and published
  -h, --help
`;

export interface DropFile {
  /** Path on disk. */
  file: string;
  /** Object key, under inbox/. */
  key: string;
}

export interface DropTarget {
  s3: S3Client;
  bucket: string;
  /** For messages: where the files went. */
  label: string;
  local?: LocalStackState;
}

export interface DropResult {
  dropped: DropFile[];
  failed: { file: DropFile; error: string }[];
}

/** Files named on the command line, folders expanded (hidden files and folders skipped). */
export async function collectFiles(paths: readonly string[], prefix = INBOX_PREFIX): Promise<DropFile[]> {
  const out: DropFile[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new Error(`${given}: no such file or folder`);
    if (info.isDirectory()) {
      for (const file of await walk(given)) out.push({ file, key: prefix + path.relative(given, file).split(path.sep).join('/') });
    } else {
      out.push({ file: given, key: prefix + path.basename(given) });
    }
  }
  const seen = new Map<string, string>();
  for (const { file, key } of out) {
    const other = seen.get(key);
    if (other !== undefined && other !== file) throw new Error(`${other} and ${file} would both be uploaded as ${key}; drop them separately.`);
    seen.set(key, file);
  }
  return [...new Map(out.map((f) => [f.key, f])).values()];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Content types by extension, as S3 clients set them (the readers sniff the content anyway). */
const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.rss': 'application/rss+xml',
  '.atom': 'application/atom+xml',
};

/** S3 user metadata travels in HTTP headers: printable ASCII only. */
export function checkMetadata(metadata: SuppliedMetadata): string | undefined {
  if (metadata.published !== undefined && !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(metadata.published)) {
    return `--published wants a date like 2016-02-12, not '${metadata.published}'.`;
  }
  if (metadata.url !== undefined && !/^https?:\/\/\S+$/i.test(metadata.url)) return `--url wants an http(s) URL, not '${metadata.url}'.`;
  for (const [name, value] of Object.entries(metadata)) {
    if (!/^[\x20-\x7e]*$/.test(value)) return `--${name} must be plain ASCII (it is sent as S3 user metadata in an HTTP header).`;
  }
  return undefined;
}

export async function dropFiles(
  files: readonly DropFile[],
  target: DropTarget,
  options: { metadata?: SuppliedMetadata; concurrency?: number; onProgress?: (done: number, file: DropFile) => void } = {},
): Promise<DropResult> {
  const metadata = Object.fromEntries(Object.entries(options.metadata ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const result: DropResult = { dropped: [], failed: [] };
  let done = 0;
  await mapLimit(files, options.concurrency ?? 8, async (file) => {
    try {
      const body = await readFile(file.file);
      const contentType = CONTENT_TYPES[path.extname(file.file).toLowerCase()];
      await target.s3.send(
        new s3.PutObjectCommand({
          Bucket: target.bucket,
          Key: file.key,
          Body: body,
          ...(contentType ? { ContentType: contentType } : {}),
          Metadata: metadata,
        }),
      );
      result.dropped.push(file);
    } catch (error) {
      result.failed.push({ file, error: (error as Error).message });
    }
    options.onProgress?.(++done, file);
  });
  return result;
}

export async function resolveTarget(options: { stage?: string; bucket?: string }, env: NodeJS.ProcessEnv = process.env): Promise<DropTarget> {
  if (options.stage && options.bucket) throw new Error('Give --stage or --bucket, not both.');
  if (options.bucket) return { s3: makeS3Client({}), bucket: options.bucket, label: `s3://${options.bucket}/${INBOX_PREFIX}` };
  if (options.stage) {
    const outputs = await stageOutputs(options.stage);
    if (!outputs.inboxBucketName) throw new Error(`The ${options.stage} stack has no InboxBucketName output; is it deployed from this version?`);
    return { s3: makeS3Client({}), bucket: outputs.inboxBucketName, label: `s3://${outputs.inboxBucketName}/${INBOX_PREFIX} (stage ${options.stage})` };
  }
  const local = await findLocalStack(env);
  return {
    s3: makeS3Client({ s3Endpoint: local.s3Endpoint }),
    bucket: local.inboxBucket,
    label: `the local inbox (s3://${local.inboxBucket}/${INBOX_PREFIX} at ${local.s3Endpoint})`,
    local,
  };
}

/** At most this many undated or unsupported files are named; the rest are counted. */
const LISTED = 10;

/**
 * What the user should know of the dropped files, or '': those whose articles were stored before (so
 * their metadata was not applied), those with articles in a language the extractor does not read yet
 * (so they were not read), and those whose articles have no date (so they are dated by arrival). Each
 * file is named once, under the first of these that applies; its line says all of them.
 */
async function describeDropNotes(local: LocalStackState, dropped: readonly DropFile[]): Promise<string> {
  const reports = await withPipeline(localStackEnv(local), (pipeline) => mapLimit(dropped, 16, (file) => reportObject(pipeline, file.key)));
  const repeats: string[] = [];
  const unsupported: string[] = [];
  const undated: string[] = [];
  for (const report of reports) {
    if (!report) continue;
    const list = report.alreadyStored ? repeats : report.unsupported.length ? unsupported : report.undated ? undated : undefined;
    list?.push(`  ${describeObject(report)}\n`);
  }
  const files = (list: string[], one: string, many: string) => (list.length === 1 ? `One file ${one}` : `${list.length} files ${many}`);
  const repeated = repeats.length
    ? `${files(repeats, 'holds', 'hold')} articles stored before. An article (its title and text) is ` +
      `stored once, with the metadata it first came with:\n${repeats.join('')}`
    : '';
  const unread = unsupported.length
    ? `${files(unsupported, 'holds', 'hold')} articles in a language the extractor does not read yet, so they add no development:\n` +
      `${unsupported.slice(0, LISTED).join('')}${more(unsupported)}`
    : '';
  const dated = undated.length
    ? `${files(undated, 'has', 'have')} no publication date; the feed dates their developments ` +
      `by when they arrived:\n${undated.slice(0, LISTED).join('')}${more(undated)}`
    : '';
  return repeated + unread + dated;
}

const more = (list: readonly string[]) => (list.length > LISTED ? `  … and ${list.length - LISTED} more\n` : '');

export async function runDrop(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      published: { type: 'string' },
      url: { type: 'string' },
      publisher: { type: 'string' },
      stage: { type: 'string' },
      bucket: { type: 'string' },
      wait: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const metadata: SuppliedMetadata = {
    ...(values.published ? { published: values.published } : {}),
    ...(values.url ? { url: values.url } : {}),
    ...(values.publisher ? { publisher: values.publisher } : {}),
  };
  const problem = checkMetadata(metadata);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  const files = await collectFiles(positionals);
  if (files.length === 0) {
    process.stderr.write('No files to drop (folders are read recursively; hidden files are skipped).\n');
    return 2;
  }
  const target = await resolveTarget({ ...(values.stage ? { stage: values.stage } : {}), ...(values.bucket ? { bucket: values.bucket } : {}) });
  try {
    const bar =
      files.length > 1 && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { format: 'Dropping {bar} {value}/{total} files | {key}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(files.length, 0, { key: '' });
    const result = await dropFiles(files, target, { metadata, onProgress: (done, file) => bar?.update(done, { key: file.key }) });
    bar?.stop();

    for (const { file, error } of result.failed) process.stderr.write(`${file.file}: not dropped: ${error}\n`);
    const count = `${result.dropped.length} file${result.dropped.length === 1 ? '' : 's'}`;
    process.stdout.write(`Dropped ${count} into ${target.label}.\n`);
    if (target.local && result.dropped.length) {
      if (values.wait) {
        await callLocalStack(target.local, CONTROL.idle);
        const status = await localStatus(target.local);
        process.stdout.write(`Ingested and published. ${formatCounts(status)}\nFeed: ${target.local.feedBaseUrl}/feed.xml\n`);
        process.stdout.write(await describeDropNotes(target.local, result.dropped));
      } else {
        process.stdout.write(`The feed updates in a moment: ${target.local.feedBaseUrl}/feed.xml (progress: ${localEnvPrefix(target.local)}npx ceasefire-feed status)\n`);
      }
    }
    return result.failed.length ? 1 : 0;
  } finally {
    target.s3.destroy();
  }
}
