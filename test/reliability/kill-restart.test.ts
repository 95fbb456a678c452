/**
 * Issue 5, item 2b: the local runtime is killed (SIGKILL: process, embedded S3 and DynamoDB, in-memory
 * queue, all at once) while it ingests 200 dropped files, then started again. Everything dropped is
 * processed: the runtime rescans inbox/ for objects without an outcome on start, and ingest is
 * idempotent, so objects half-done at the kill are finished without duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { readLocalState } from '../../functions/cli/local-stack.ts';
import { localStatus } from '../../functions/cli/status.ts';
import { makeDynamoDocumentClient, makeS3Client } from '#commons/aws/clients.ts';
import { mapLimit } from '#commons/pipeline/concurrency.ts';
import { createEventStore } from '#commons/store/dynamodb-store.ts';
import { collect } from '#commons/store/store.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { assertConsistent, snapshot } from './helpers.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PLACES = ['Gaza', 'Rafah', 'Khan Younis', 'Jabalia', 'Beit Hanoun', 'Deir al-Balah', 'Nuseirat', 'Bureij'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const story = (i: number) => {
  const place = PLACES[i % PLACES.length]!;
  const date = `${(i % 28) + 1} ${MONTHS[Math.floor(i / 28) % 12]} ${2000 + Math.floor(i / 336)}`;
  return `Truce agreed in ${place}\n\nIsrael and Hamas agreed on ${date} to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;
};

let dir: string | undefined;
let child: ChildProcess | undefined;
let stack: LocalStack | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kill during ingest, then restart', () => {
  it('processes all 200 dropped files exactly once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-kill-'));
    let output = '';
    child = spawn(process.execPath, [path.join(ROOT, 'local/run.mjs'), 'start'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    const state = await until('the local stack to start', async () => {
      if (child!.exitCode !== null) throw new Error(`the local stack exited: ${output}`);
      const s = await readLocalState(dir!);
      return s && (await fetch(`${s.feedBaseUrl}/_local/health`)).ok ? s : undefined;
    }, 120_000);

    const s3 = makeS3Client({ s3Endpoint: state.s3Endpoint });
    const keys = Array.from({ length: 200 }, (_, i) => `inbox/kill/${String(i).padStart(3, '0')} story.txt`);
    await mapLimit(keys, 16, (Key, i) => s3.send(new PutObjectCommand({ Bucket: state.inboxBucket, Key, Body: story(i) })));
    s3.destroy();

    // Kill it mid-ingest: some objects done, not all.
    const store = createEventStore(makeDynamoDocumentClient({ dynamoEndpoint: state.dynamoEndpoint }), state.tableName);
    const before = await until('ingest to start', async () => {
      const { processed } = await store.countObjects();
      return processed >= 5 ? processed : undefined;
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    expect(before).toBeLessThan(200);

    stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0 });
    await stack.idle();
    const status = await localStatus(stack.state);
    expect(status).toMatchObject({ dropped: 200, processed: 200, rejected: 0, pending: 0 });

    const restarted = createEventStore(makeDynamoDocumentClient({ dynamoEndpoint: stack.state.dynamoEndpoint }), stack.state.tableName);
    const snap = await snapshot(restarted, keys);
    expect(assertConsistent(snap)).toEqual([]);
    expect(snap.objects.every((o) => o?.state === 'processed')).toBe(true);
    expect(snap.articles).toHaveLength(200);
    const events = await collect(restarted.allFeedEvents());
    expect(status.events).toBe(events.length);
    const feed = (await (await fetch(`${stack.state.feedBaseUrl}/feed.json`)).json()) as { items: unknown[] };
    expect(feed.items.length).toBe(Math.min(100, events.length));
  }, 240_000);
});
