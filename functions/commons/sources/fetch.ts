/**
 * Fetching what a source links to, safely: http(s) only, never a private, loopback or link-local
 * address (the instance metadata service included) once the name is resolved, on every redirect too
 * (request-filtering-agent checks each connection's resolved address, and IP literals before
 * connecting), at most MAX_REDIRECTS redirects and no loop, one deadline for the whole exchange, and
 * a size limit on the decoded body (a gzip bomb is cut off like a 50 MB feed). Conditional GET
 * headers go out when the caller has validators.
 *
 * Every failure is a FetchError with a `kind` a person can act on; HTTP error statuses are returned,
 * not thrown, since 304, 429 and 503 mean something to the caller.
 */
import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent, type RequestFilteringAgentOptions } from 'request-filtering-agent';
import type { PrivateAddressPolicy } from './settings.ts';

export type FetchErrorKind = 'timeout' | 'blocked' | 'redirects' | 'too-large' | 'network';

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  privateAddresses: PrivateAddressPolicy;
}

export interface FetchRequest {
  accept: string;
  /** Validators from the last answer: sent as If-None-Match and If-Modified-Since. */
  etag?: string;
  lastModified?: string;
}

export interface FetchResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The decoded body (empty for 304 and HEAD-like answers). */
  body: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DECODERS = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress } as const;

/** The message request-filtering-agent gives a refused address. */
const REFUSED_ADDRESS = /is not allowed\. Because/;

export interface Fetcher {
  get(url: string, request: FetchRequest): Promise<FetchResponse>;
  /** Close the kept-alive connections. */
  close(): void;
}

export function createFetcher(options: FetchOptions): Fetcher {
  const filter: RequestFilteringAgentOptions =
    options.privateAddresses === 'allow'
      ? { allowPrivateIPAddress: true }
      : options.privateAddresses === 'deny'
        ? {}
        : { allowIPAddressList: [...options.privateAddresses] };
  // Keep-alive: one connection per host serves the feed and its article pages in a round.
  const agents = {
    'http:': new RequestFilteringHttpAgent({ keepAlive: true, maxSockets: 2, ...filter }),
    'https:': new RequestFilteringHttpsAgent({ keepAlive: true, maxSockets: 2, ...filter }),
  };

  async function get(address: string, request: FetchRequest): Promise<FetchResponse> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const visited: string[] = [];
    let url = parseHttpUrl(address);
    for (;;) {
      visited.push(url.href);
      const response = await send(url, request, signal);
      const location = response.headers.location;
      if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return read(url, response, signal);
      response.resume();
      const next = parseHttpUrl(location, url);
      if (visited.includes(next.href)) {
        throw new FetchError('redirects', `redirect loop: ${[...visited, next.href].join(' -> ')}`);
      }
      if (visited.length > options.maxRedirects) {
        throw new FetchError('redirects', `more than ${options.maxRedirects} redirects (last to ${next.href})`);
      }
      url = next;
    }
  }

  function send(url: URL, request: FetchRequest, signal: AbortSignal): Promise<http.IncomingMessage> {
    const headers: http.OutgoingHttpHeaders = {
      'User-Agent': options.userAgent,
      Accept: request.accept,
      'Accept-Encoding': 'gzip, deflate, br',
      ...(request.etag ? { 'If-None-Match': request.etag } : {}),
      ...(request.lastModified ? { 'If-Modified-Since': request.lastModified } : {}),
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const outgoing = client.get(url, { agent: agents[url.protocol as keyof typeof agents], headers, signal }, resolve);
      outgoing.on('error', (error) => reject(describeFailure(error, url, signal, options.timeoutMs)));
    });
  }

  async function read(url: URL, response: http.IncomingMessage, signal: AbortSignal): Promise<FetchResponse> {
    const status = response.statusCode ?? 0;
    const result = { status, url: url.href, headers: response.headers };
    if (status === 304 || status === 204) {
      response.resume();
      return { ...result, body: Buffer.alloc(0) };
    }
    const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
    const declared = Number(response.headers['content-length']);
    if (!encoding && declared > options.maxBytes) {
      response.destroy();
      throw tooLarge(url, options.maxBytes, `it says ${declared} bytes`);
    }
    const decoder = encoding && encoding !== 'identity' ? DECODERS[encoding as keyof typeof DECODERS]?.() : undefined;
    if (encoding && encoding !== 'identity' && !decoder) {
      response.destroy();
      throw new FetchError('network', `${url.href} answered in an unknown content encoding '${encoding}'`);
    }
    const stream = decoder ? response.pipe(decoder) : response;
    if (decoder) response.on('error', (error) => decoder.destroy(error));
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) throw tooLarge(url, options.maxBytes, 'the body went on past it');
        chunks.push(chunk);
      }
    } catch (error) {
      response.destroy();
      decoder?.destroy();
      throw error instanceof FetchError ? error : describeFailure(error as Error, url, signal, options.timeoutMs);
    }
    return { ...result, body: Buffer.concat(chunks, size) };
  }

  return {
    get,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

/** An http(s) URL (relative ones against `base`), or a FetchError: other schemes are never followed. */
function parseHttpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new FetchError('blocked', `'${value.slice(0, 200)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('blocked', `only http(s) is fetched, not ${url.protocol} (${url.href.slice(0, 200)})`);
  }
  url.hash = '';
  return url;
}

function tooLarge(url: URL, maxBytes: number, why: string): FetchError {
  return new FetchError('too-large', `${url.href} is over the ${Math.round(maxBytes / 1024 / 1024)} MB limit (${why})`);
}

function describeFailure(error: Error, url: URL, signal: AbortSignal, timeoutMs: number): FetchError {
  if (signal.aborted) return new FetchError('timeout', `no complete answer from ${url.host} within ${timeoutMs / 1000} s`);
  if (REFUSED_ADDRESS.test(error.message)) {
    const address = /lookup (\S+?)\(/.exec(error.message)?.[1];
    return new FetchError('blocked', `${url.host} is ${address && address !== url.hostname ? `at ${address}, ` : ''}a private, loopback or link-local address, which is never fetched`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new FetchError('network', `${url.host}: ${code ? `${code} ` : ''}${error.message}`.trim());
}
