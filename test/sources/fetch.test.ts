/**
 * The safe fetcher against a real server on 127.0.0.1: the private-address rule after DNS resolution and
 * on redirects, the redirect limit, one deadline for slow bodies, the size limit on decoded bytes, and
 * conditional GETs. Requests only ever go to this machine: refused addresses are refused before any
 * connection is made.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, FetchError, type FetchOptions } from '#commons/sources/fetch.ts';

let server: Server;
let base: string;
const seen: { url: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url!, headers: request.headers });
    const url = new URL(request.url!, 'http://x');
    const hops = Number(url.searchParams.get('hops') ?? 0);
    switch (url.pathname) {
      case '/hop':
        response.writeHead(301, { Location: hops > 0 ? `/hop?hops=${hops - 1}` : '/ok' });
        return void response.end();
      case '/to-file':
        response.writeHead(302, { Location: 'file:///etc/passwd' });
        return void response.end();
      case '/gzip':
        response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' });
        return void response.end(gzipSync('hello, compressed'));
      case '/gzip-bomb':
        // 20 KB on the wire, 20 MB once decoded.
        response.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
        return void response.end(gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)));
      case '/trickle': {
        response.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const timer = setInterval(() => response.write('<!-- still here -->'), 100);
        response.on('close', () => clearInterval(timer));
        return;
      }
      case '/conditional':
        if (request.headers['if-none-match'] === '"v1"') {
          response.writeHead(304);
          return void response.end();
        }
        response.writeHead(200, { ETag: '"v1"', 'Last-Modified': 'Wed, 01 May 2026 10:00:00 GMT' });
        return void response.end('fresh');
      default:
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end('ok');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const OPTIONS: FetchOptions = { userAgent: 'ceasefire-feed-test', timeoutMs: 800, maxBytes: 1024 * 1024, maxRedirects: 5, privateAddresses: ['127.0.0.1'] };

async function failure(url: string, options: Partial<FetchOptions> = {}): Promise<FetchError> {
  const fetcher = createFetcher({ ...OPTIONS, ...options });
  try {
    await fetcher.get(url, { accept: '*/*' });
    throw new Error(`${url} was fetched`);
  } catch (error) {
    expect(error).toBeInstanceOf(FetchError);
    return error as FetchError;
  } finally {
    fetcher.close();
  }
}

describe('the private-address rule', () => {
  it('refuses a loopback address unless it is allowed', async () => {
    const before = seen.length;
    expect(await failure(`${base}/ok`, { privateAddresses: 'deny' })).toMatchObject({ kind: 'blocked' });
    expect(seen.length).toBe(before);
  });

  it('checks the address a name resolves to', async () => {
    const port = (server.address() as AddressInfo).port;
    expect(await failure(`http://localhost:${port}/ok`, { privateAddresses: 'deny' })).toMatchObject({
      kind: 'blocked',
      message: `localhost:${port} is at 127.0.0.1, a private, loopback or link-local address, which is never fetched`,
    });
  });

  it('refuses the instance metadata address and other private ranges before connecting', async () => {
    for (const address of ['169.254.169.254', '10.0.0.1', '192.168.1.1', '172.16.0.1', '[fd00::1]', '[::ffff:169.254.169.254]', '0.0.0.0']) {
      expect(await failure(`http://${address}/latest/meta-data/`, { privateAddresses: 'deny', timeoutMs: 200 }), address).toMatchObject({ kind: 'blocked' });
    }
  });

  it('follows http(s) only', async () => {
    expect(await failure(`${base}/to-file`)).toMatchObject({ kind: 'blocked', message: 'only http(s) is fetched, not file: (file:///etc/passwd)' });
    expect(await failure('ftp://example.org/feed')).toMatchObject({ kind: 'blocked' });
  });
});

describe('limits', () => {
  it(`follows up to the redirect limit, and no further`, async () => {
    const fetcher = createFetcher(OPTIONS);
    const ok = await fetcher.get(`${base}/hop?hops=4`, { accept: '*/*' });
    fetcher.close();
    expect(ok).toMatchObject({ status: 200, url: `${base}/ok` });
    expect(await failure(`${base}/hop?hops=5`)).toMatchObject({ kind: 'redirects', message: `more than 5 redirects (last to ${base}/ok)` });
  });

  it('gives the whole answer one deadline, so a trickling body times out', async () => {
    expect(await failure(`${base}/trickle`, { timeoutMs: 500 })).toMatchObject({ kind: 'timeout', message: expect.stringMatching(/within 0\.5 s$/) });
  });

  it('decodes gzip, and applies the size limit to the decoded bytes (a gzip bomb is cut off)', async () => {
    const fetcher = createFetcher(OPTIONS);
    const gzip = await fetcher.get(`${base}/gzip`, { accept: '*/*' });
    fetcher.close();
    expect(gzip.body.toString()).toBe('hello, compressed');
    expect(await failure(`${base}/gzip-bomb`)).toMatchObject({ kind: 'too-large', message: expect.stringContaining('the body went on past it') });
  });
});

it('sends the validators it is given and returns 304 with an empty body', async () => {
  const fetcher = createFetcher(OPTIONS);
  const first = await fetcher.get(`${base}/conditional`, { accept: 'application/rss+xml' });
  expect(first).toMatchObject({ status: 200, headers: { etag: '"v1"' } });
  const again = await fetcher.get(`${base}/conditional`, { accept: 'application/rss+xml', etag: '"v1"', lastModified: 'Wed, 01 May 2026 10:00:00 GMT' });
  fetcher.close();
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(seen.at(-1)!.headers).toMatchObject({
    'user-agent': 'ceasefire-feed-test',
    accept: 'application/rss+xml',
    'accept-encoding': 'gzip, deflate, br',
    'if-none-match': '"v1"',
    'if-modified-since': 'Wed, 01 May 2026 10:00:00 GMT',
  });
});
