/**
 * The local stand-in for CloudFront: serves the feed bucket over HTTP on localhost.
 *   /            -> index.html        /archive/3/ -> archive/3/index.html
 *   /feed.xml, /atom.xml, /feed.json and any other published key, with the content type, ETag,
 *   Last-Modified and Cache-Control the publisher stored, and the Content-Security-Policy CloudFront
 *   adds; 304 for a matching If-None-Match (or, without one, an If-Modified-Since not older than the
 *   object), as RFC 9110 asks.
 * Objects are read from S3 once and kept in memory until the publisher writes (`invalidate`).
 * `/_local/*` are the control endpoints the CLI uses (health, publish, poll, idle).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CONTROL } from '../functions/cli/local-stack.ts';
import { MANIFEST_KEY } from '#commons/pipeline/publish-feeds.ts';
import { isNotFound } from '#commons/pipeline/s3-errors.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../infra/names.ts';

export interface FeedServerOptions {
  s3: S3Client;
  bucket: string;
  control: {
    health(): unknown;
    publish(full: boolean): Promise<unknown>;
    poll(): Promise<unknown>;
    idle(): Promise<unknown>;
  };
}

interface CachedObject {
  body: Buffer;
  etag: string;
  lastModified: Date;
  contentType: string;
  cacheControl?: string;
}

const HIDDEN_PREFIXES = [MANIFEST_KEY.slice(0, MANIFEST_KEY.indexOf('/') + 1)];

export interface FeedRequestHandler {
  /** A `request` listener for node:http. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Forget cached objects (all of them, or the keys the publisher just wrote). */
  invalidate(keys?: readonly string[]): void;
}

/** The server, for when the options are known before it listens. */
export function createFeedServer(options: FeedServerOptions): { server: Server } & FeedRequestHandler {
  const handler = createFeedRequestHandler(options);
  return { server: createServer(handler.handle), ...handler };
}

export function createFeedRequestHandler(options: FeedServerOptions): FeedRequestHandler {
  const cache = new Map<string, Promise<CachedObject | undefined>>();

  const load = (key: string): Promise<CachedObject | undefined> => {
    let entry = cache.get(key);
    if (!entry) {
      entry = fetchObject(options, key);
      cache.set(key, entry);
      // Failures and misses are not kept: the next request asks S3 again.
      entry.then((object) => object ?? cache.delete(key), () => cache.delete(key));
    }
    return entry;
  };


  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Appended, not resolved: "//x" would otherwise be read as a host and throw.
    const url = new URL(`http://localhost${request.url?.startsWith('/') ? request.url : `/${request.url ?? ''}`}`);
    if (url.pathname.startsWith('/_local/')) return control(request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD.\n');
    }
    const key = keyOf(url.pathname);
    const object = key === undefined ? undefined : await load(key);
    if (!object) {
      return send(
        response,
        404,
        'text/plain; charset=utf-8',
        `Not found: ${url.pathname}\nThe feeds are at /feed.xml (RSS), /atom.xml (Atom), /feed.json (JSON Feed) and / (the page).\n`,
        request.method === 'HEAD',
      );
    }
    response.setHeader('ETag', object.etag);
    response.setHeader('Last-Modified', object.lastModified.toUTCString());
    if (object.cacheControl) response.setHeader('Cache-Control', object.cacheControl);
    if (notModified(request, object)) {
      response.statusCode = 304;
      response.end();
      return;
    }
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', SITE_CONTENT_SECURITY_POLICY);
    send(response, 200, object.contentType, object.body, request.method === 'HEAD');
  }

  async function control(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const json = (status: number, body: unknown) => send(response, status, 'application/json', `${JSON.stringify(body)}\n`);
    try {
      if (url.pathname === CONTROL.health && request.method === 'GET') return json(200, options.control.health());
      if (url.pathname === CONTROL.idle && request.method === 'GET') return json(200, await options.control.idle());
      if (url.pathname === CONTROL.poll && request.method === 'POST') return json(200, await options.control.poll());
      if (url.pathname === CONTROL.publish && request.method === 'POST') {
        return json(200, await options.control.publish(url.searchParams.get('full') === '1'));
      }
      return json(404, { error: `No control endpoint ${request.method} ${url.pathname}` });
    } catch (error) {
      return json(500, { error: (error as Error).message });
    }
  }

  return {
    handle(request, response) {
      handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `Internal error: ${(error as Error).message}\n`);
        else response.destroy();
      });
    },
    invalidate(keys) {
      if (!keys) cache.clear();
      else for (const key of keys) cache.delete(key);
    },
  };
}

/** URL path -> object key; undefined for paths that can never name a published object. */
export function keyOf(pathname: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return undefined;
  const key = path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
  if (HIDDEN_PREFIXES.some((prefix) => key.startsWith(prefix))) return undefined;
  return key;
}

/** RFC 9110 13.2.2: If-None-Match (weak comparison) wins; If-Modified-Since only without it. */
export function notModified(request: IncomingMessage, object: Pick<CachedObject, 'etag' | 'lastModified'>): boolean {
  const noneMatch = request.headers['if-none-match'];
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true;
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    const current = opaque(object.etag);
    return noneMatch.split(',').some((tag) => opaque(tag) === current);
  }
  const modifiedSince = request.headers['if-modified-since'];
  if (modifiedSince === undefined) return false;
  const since = Date.parse(modifiedSince);
  // HTTP dates have one-second resolution.
  return Number.isFinite(since) && Math.floor(object.lastModified.getTime() / 1000) * 1000 <= since;
}

async function fetchObject(options: FeedServerOptions, key: string): Promise<CachedObject | undefined> {
  try {
    const out = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    const body = Buffer.from((await out.Body?.transformToByteArray()) ?? new Uint8Array());
    const object: CachedObject = {
      body,
      etag: out.ETag ?? `"${body.length}"`,
      lastModified: out.LastModified ?? new Date(0),
      contentType: out.ContentType ?? 'application/octet-stream',
    };
    if (out.CacheControl) object.cacheControl = out.CacheControl;
    return object;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headOnly = false): void {
  response.statusCode = status;
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(headOnly ? undefined : body);
}
