/**
 * Accounting through the local stack (embedded s3rver + dynalite, the real handlers): good and bad
 * files mixed are dropped into the inbox, including a 50 MB object, binary data, entity bombs,
 * external entities, 100,000-deep JSON, UTF-16 and Windows-1252 texts and awkward keys. When nothing
 * is pending, every object is processed or rejected (processed + rejected = N, as `status --json`
 * counts them), every rejection has its reason in the store and in rejected/<key>.json, and the stack
 * still serves its feeds.
 */
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../functions/cli/main.ts';
import { localStatus } from '../../functions/cli/status.ts';
import { makeS3Client } from '#commons/aws/clients.ts';
import { createEventStore } from '#commons/store/dynamodb-store.ts';
import { makeDynamoDocumentClient } from '#commons/aws/clients.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { seedFiles } from './helpers.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const STORY = (place: string, day: number) => `Truce agreed in ${place}

Israel and Hamas agreed on ${day} March 2024 to a ceasefire in ${place} brokered by Egypt and Qatar, officials said in Cairo.`;

function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
/** Windows-1252 bytes: é as 0xE9 and curly quotes as 0x93/0x94 (not valid UTF-8). */
function cp1252(text: string): Buffer {
  const map: Record<string, number> = { '“': 0x93, '”': 0x94, '’': 0x92, '–': 0x96 };
  return Buffer.from([...text].map((c) => map[c] ?? c.charCodeAt(0)));
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>Ceasefire &lol9;</title><description>&lol9;</description></item></channel></rss>`;
const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>Ceasefire agreed in Gaza &xxe;</title><description>&xxe; Israel and Hamas agreed to a ceasefire.</description></item></channel></rss>`;

type Expect = 'processed' | 'rejected';
const FILES: { key: string; body: Buffer; expect: Expect; reason?: string }[] = [
  { key: 'inbox/empty.txt', body: Buffer.alloc(0), expect: 'rejected', reason: 'empty' },
  { key: 'inbox/image.png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), expect: 'rejected', reason: 'binary' },
  { key: 'inbox/story.txt.gz', body: gzipSync(STORY('Gaza', 5)), expect: 'rejected', reason: 'binary' },
  { key: 'inbox/png-named.txt', body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), expect: 'rejected', reason: 'binary' },
  { key: 'inbox/malformed.xml', body: Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Ceasefire in Gaza</title></channel>'), expect: 'rejected' },
  { key: 'inbox/billion laughs.xml', body: Buffer.from(BILLION_LAUGHS), expect: 'rejected' },
  { key: 'inbox/xxe.xml', body: Buffer.from(XXE), expect: 'rejected' },
  { key: 'inbox/deep-array.json', body: Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), expect: 'rejected' },
  { key: 'inbox/deep-object.json', body: Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), expect: 'rejected' },
  { key: 'inbox/huge 50MB.txt', body: Buffer.alloc(50 * 1024 * 1024, 0x61), expect: 'rejected', reason: 'too-large' },
  { key: 'inbox/utf16 story.txt', body: utf16le(STORY('Rafah', 6)), expect: 'processed' },
  { key: 'inbox/cp1252 story.txt', body: cp1252(`Truce agreed in Khan Younis – “a step”

Israel and Hamas agreed on 7 March 2024 to a ceasefire in Khan Younis, officials said in Cairo. It’s the mediators’ café.`), expect: 'processed' },
  { key: 'inbox/with space and+plus.txt', body: Buffer.from(STORY('Deir al-Balah', 8)), expect: 'processed' },
  { key: 'inbox/ünïcödé Ελλάδα 日本.txt', body: Buffer.from(STORY('Jabalia', 9)), expect: 'processed' },
  { key: 'inbox/a+b=c & d%20e.txt', body: Buffer.from(STORY('Beit Hanoun', 10)), expect: 'processed' },
];

let dir: string;
let stack: LocalStack;
let s3: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ceasefire-accounting-'));
  stack = await startLocalStack({ dataDir: dir, port: 0, s3Port: 0, dynamoPort: 0 });
  s3 = makeS3Client({ s3Endpoint: stack.state.s3Endpoint });
  for (const seed of await seedFiles()) FILES.push({ key: `inbox/seeds/${seed.name}`, body: seed.bytes, expect: 'processed' });
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cliStatusJson(): Promise<Record<string, number>> {
  let out = '';
  const saved = process.env.DATA_DIR;
  const savedPort = process.env.PORT;
  process.env.DATA_DIR = dir;
  delete process.env.PORT;
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    expect(await main(['status', '--json'])).toBe(0);
  } finally {
    spy.mockRestore();
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
    if (savedPort !== undefined) process.env.PORT = savedPort;
  }
  return JSON.parse(out) as Record<string, number>;
}

describe('every dropped object is processed or rejected (local stack)', () => {
  it('processed + rejected = N, with reasons in the store and in rejected/<key>.json, and the stack keeps serving', async () => {
    await Promise.all(FILES.map((f) => s3.send(new PutObjectCommand({ Bucket: stack.state.inboxBucket, Key: f.key, Body: f.body }))));
    await stack.idle();

    const n = FILES.length;
    const status = await cliStatusJson();
    expect(status).toMatchObject({ dropped: n, pending: 0 });
    expect(status.processed! + status.rejected!).toBe(n);
    expect(status.rejected).toBe(FILES.filter((f) => f.expect === 'rejected').length);
    expect(status.events).toBeGreaterThan(0);

    const store = createEventStore(makeDynamoDocumentClient({ dynamoEndpoint: stack.state.dynamoEndpoint }), stack.state.tableName);
    const full = await localStatus(stack.state);
    expect(full.rejectedObjects).toHaveLength(status.rejected!);
    for (const file of FILES) {
      const record = await store.getObject(file.key);
      expect(record?.state, file.key).toBe(file.expect);
      if (file.expect !== 'rejected') continue;
      expect(record!.reason, file.key).toBeTruthy();
      if (file.reason) expect(record!.reason, file.key).toBe(file.reason);
      expect(record!.detail!.length, file.key).toBeGreaterThan(10);
      const report = await s3.send(new GetObjectCommand({ Bucket: stack.state.inboxBucket, Key: `rejected/${file.key}.json` }));
      expect(JSON.parse(await report.Body!.transformToString()), file.key).toMatchObject({ key: file.key, reason: record!.reason, detail: record!.detail });
    }

    // Still serving, with parseable feeds that leak nothing from the hostile files.
    for (const pathname of ['/feed.xml', '/atom.xml', '/feed.json', '/']) {
      const response = await fetch(`${stack.state.feedBaseUrl}${pathname}`);
      expect(response.status, pathname).toBe(200);
      const text = await response.text();
      expect(text).not.toMatch(/root:x:0|lollollol/);
    }
    const rss = await new Parser().parseString(await (await fetch(`${stack.state.feedBaseUrl}/feed.xml`)).text());
    expect(rss.items.length).toBeGreaterThan(0);
    // The Windows-1252 story was decoded, not mangled into replacement characters.
    const cp = await store.getObject('inbox/cp1252 story.txt');
    const article = await store.getArticle(cp!.articleIds[0]!);
    expect(article!.article.body).toContain('café');
    expect(article!.article.body).not.toContain('\ufffd');
    const utf16 = await store.getArticle((await store.getObject('inbox/utf16 story.txt'))!.articleIds[0]!);
    expect(utf16!.article.title).toBe('Truce agreed in Rafah');
  }, 120_000);
});
