/** The local feed server (CloudFront's part): paths, content types, validators and conditional requests. */
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_TYPES } from '#commons/feeds/render.ts';
import { publishDeps, publishFeeds } from '#commons/pipeline/publish-feeds.ts';
import { createFeedServer, keyOf } from '../../local/feed-server.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../../infra/names.ts';
import { startTestPipeline, type TestPipeline } from '../pipeline/helpers.ts';

let t: TestPipeline;
let server: ReturnType<typeof createFeedServer>;
let base: string;
const get = (p: string, init: RequestInit = {}) => fetch(`${base}${p}`, init);

beforeAll(async () => {
  t = await startTestPipeline();
  await publishFeeds(publishDeps(t.pipeline));
  server = createFeedServer({
    s3: t.pipeline.s3,
    bucket: t.pipeline.config.feedBucket,
    control: { health: () => ({ ok: true }), publish: async (full) => ({ full }), poll: async () => ({ polled: true }), idle: async () => ({ idle: true }) },
  });
  await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.server.closeAllConnections();
  await new Promise((resolve) => server?.server.close(resolve));
  await t?.stop();
});

describe('keyOf', () => {
  it('maps paths to keys, folders to their index.html, and refuses traversal and the manifest', () => {
    expect(keyOf('/')).toBe('index.html');
    expect(keyOf('/feed.xml')).toBe('feed.xml');
    expect(keyOf('/archive/3/')).toBe('archive/3/index.html');
    expect(keyOf('/feeds/theatre/SY.xml')).toBe('feeds/theatre/SY.xml');
    expect(keyOf('/../secret')).toBeUndefined();
    expect(keyOf('/a/%2e%2e/b')).toBeUndefined();
    expect(keyOf('/%E0%A4%A')).toBeUndefined();
    expect(keyOf('/_publish/manifest.json')).toBeUndefined();
  });
});

describe('feed server', () => {
  it('serves the four documents with their content types, ETag, Last-Modified, Cache-Control and CloudFront\'s Content-Security-Policy', async () => {
    for (const [p, type] of [['/feed.xml', CONTENT_TYPES.rss], ['/atom.xml', CONTENT_TYPES.atom], ['/feed.json', CONTENT_TYPES.json], ['/', CONTENT_TYPES.html]] as const) {
      const response = await get(p);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      expect(Date.parse(response.headers.get('last-modified')!)).not.toBeNaN();
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      expect(response.headers.get('content-security-policy')).toBe(SITE_CONTENT_SECURITY_POLICY);
    }
  });

  it('answers conditional requests as RFC 9110 says', async () => {
    const first = await get('/feed.xml');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const status = async (headers: Record<string, string>) => (await get('/feed.xml', { headers })).status;
    expect(await status({ 'If-None-Match': etag })).toBe(304);
    expect(await status({ 'If-None-Match': `W/${etag}` })).toBe(304);
    expect(await status({ 'If-None-Match': `"abc", ${etag}` })).toBe(304);
    expect(await status({ 'If-None-Match': '*' })).toBe(304);
    expect(await status({ 'If-None-Match': '"abc"' })).toBe(200);
    expect(await status({ 'If-Modified-Since': lastModified })).toBe(304);
    expect(await status({ 'If-Modified-Since': new Date(Date.parse(lastModified) - 60_000).toUTCString() })).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect(await status({ 'If-None-Match': '"abc"', 'If-Modified-Since': lastModified })).toBe(200);
    const notModified = await get('/feed.xml', { headers: { 'If-None-Match': etag } });
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(await notModified.text()).toBe('');
  });

  it('serves new bytes after the publisher invalidates the key', async () => {
    const before = await (await get('/feed.xml')).text();
    await t.pipeline.s3.send(new PutObjectCommand({ Bucket: t.pipeline.config.feedBucket, Key: 'feed.xml', Body: '<rss/>', ContentType: CONTENT_TYPES.rss }));
    expect(await (await get('/feed.xml')).text()).toBe(before); // cached until told
    server.invalidate(['feed.xml']);
    expect(await (await get('/feed.xml')).text()).toBe('<rss/>');
  });

  it('HEAD has the headers and no body; unknown paths are 404; other methods 405', async () => {
    const head = await get('/feed.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    const missing = await get('/nope.xml');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('/feed.xml');
    expect((await get('/_publish/manifest.json')).status).toBe(404);
    expect((await get('//')).status).toBe(404);
    expect((await get('//evil.example/feed.xml')).status).toBe(404);
    expect((await get('/feed.xml', { method: 'POST' })).status).toBe(405);
  });

  it('has the control endpoints the CLI uses', async () => {
    expect(await (await get('/_local/health')).json()).toEqual({ ok: true });
    expect(await (await get('/_local/publish?full=1', { method: 'POST' })).json()).toEqual({ full: true });
    expect(await (await get('/_local/poll', { method: 'POST' })).json()).toEqual({ polled: true });
    expect((await get('/_local/nothing')).status).toBe(404);
  });
});
