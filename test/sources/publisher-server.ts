/**
 * A publisher's web server on 127.0.0.1 (port 0), for polling tests and the bench: it serves the real third-party
 * feeds of ../shared/fixtures/feeds/ with every link pointing back at itself (so no test ever fetches
 * from another host), the article pages those links name, feeds set by the test, and the failures the
 * poller must survive. It answers conditional GETs with 304 and records every request.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FIXTURE_FEEDS = path.resolve(import.meta.dirname, '../../../shared/fixtures/feeds');

export interface Resource {
  body: string | Buffer;
  contentType: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface PublisherServer {
  base: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** Requests made for `pathname` so far. */
  hits(pathname: string): number;
  /** Serve `resource` at `pathname` (replacing what was there: a changed feed gets a new ETag). */
  set(pathname: string, resource: Resource): void;
  /** Serve a fixture feed at /feeds/<file>, its links rewritten to pages on this server; returns its URL. */
  serveFixture(file: string, transform?: (xml: string) => string): string;
  /** The bytes served at `pathname` (without a request). */
  body(pathname: string): Buffer;
  stop(): Promise<void>;
}

/** Failures, by path. */
export const BROKEN = {
  /** Headers come after `slowMs`. */
  slow: '/broken/slow.xml',
  error: '/broken/error.xml',
  /** 429 with Retry-After: 120. */
  busy: '/broken/busy.xml',
  /** A redirect to a loopback address that is not the server's. */
  toPrivate: '/broken/to-private.xml',
  /** A redirect to the instance metadata service. */
  toMetadata: '/broken/to-metadata.xml',
  /** Two addresses redirecting to each other. */
  loop: '/broken/loop-a.xml',
  /** 50 MB of feed, streamed without a Content-Length. */
  huge: '/broken/huge.xml',
  /** The same 50 MB announced in Content-Length. */
  hugeDeclared: '/broken/huge-declared.xml',
  malformed: '/broken/malformed.xml',
  notAFeed: '/broken/not-a-feed.xml',
} as const;

const HUGE_BYTES = 50 * 1024 * 1024;

/** An article page as a newspaper site serves it: enough text for Readability. */
export function articlePage(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:title" content="${title}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${title}</h1>
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>Copyright the publisher</footer></body></html>
`;
}

function defaultPage(pathname: string): string {
  const subject = `the story at ${pathname}`;
  return articlePage(`Report on ${subject}`, [
    `This page is the full article behind ${subject}, as the publisher serves it to a reader who follows the link in the feed.`,
    'It has several paragraphs, as real articles do, so that a reader of saved pages finds the main text among the navigation and the footer around it.',
    'The second paragraph adds more words about the same subject, and the third one closes the report with a quote from an official who spoke on condition of anonymity.',
  ]);
}

/** `host`: the loopback address to listen on (default 127.0.0.1; the bench gives each publisher its own). */
export async function startPublisherServer(options: { slowMs?: number; host?: string } = {}): Promise<PublisherServer> {
  const host = options.host ?? '127.0.0.1';
  const resources = new Map<string, Resource & { etag: string }>();
  const requests: PublisherServer['requests'] = [];
  let base = '';

  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ path: pathname, headers: request.headers });
    const redirect = (location: string) => {
      response.writeHead(302, { Location: location });
      response.end();
    };
    switch (pathname) {
      case BROKEN.slow: {
        const timer = setTimeout(() => response.end('<rss version="2.0"><channel><title>late</title></channel></rss>'), options.slowMs ?? 5000);
        response.on('close', () => clearTimeout(timer));
        return;
      }
      case BROKEN.error:
        response.writeHead(500, { 'Content-Type': 'text/plain' });
        return void response.end('Internal Server Error');
      case BROKEN.busy:
        response.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '120' });
        return void response.end('Slow down');
      case BROKEN.toPrivate:
        return redirect(`http://127.0.0.2:${(server.address() as AddressInfo).port}/feeds/guardian.rss`);
      case BROKEN.toMetadata:
        return redirect('http://169.254.169.254/latest/meta-data/');
      case BROKEN.loop:
        return redirect('/broken/loop-b.xml');
      case '/broken/loop-b.xml':
        return redirect(BROKEN.loop);
      case BROKEN.huge:
      case BROKEN.hugeDeclared: {
        response.writeHead(200, {
          'Content-Type': 'application/rss+xml',
          ...(pathname === BROKEN.hugeDeclared ? { 'Content-Length': String(HUGE_BYTES) } : {}),
        });
        const chunk = Buffer.from(`<item><title>${'x'.repeat(1000)}</title></item>\n`.repeat(64));
        let sent = 0;
        const pump = () => {
          while (sent < HUGE_BYTES && !response.destroyed) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>');
        return pump();
      }
      case BROKEN.malformed:
        response.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        return void response.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off</title><item><title>Half an item</ti');
      case BROKEN.notAFeed:
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return void response.end(articlePage('A home page', ['Not a feed, but a page that links to one.']));
    }
    const resource = resources.get(pathname);
    if (!resource) {
      if (pathname.startsWith('/articles/')) {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return void response.end(defaultPage(pathname));
      }
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      return void response.end('Not found');
    }
    if (request.headers['if-none-match'] === resource.etag) {
      response.writeHead(304, { ETag: resource.etag });
      return void response.end();
    }
    response.writeHead(resource.status ?? 200, { 'Content-Type': resource.contentType, ETag: resource.etag, ...resource.headers });
    response.end(resource.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as AddressInfo).port}`;

  const set = (pathname: string, resource: Resource) => {
    resources.set(pathname, { ...resource, etag: `"${createHash('sha256').update(resource.body).digest('hex').slice(0, 16)}"` });
  };

  return {
    base,
    requests,
    hits: (pathname) => requests.filter((r) => r.path === pathname).length,
    set,
    body: (pathname) => Buffer.from(resources.get(pathname)?.body ?? ''),
    serveFixture(file, transform = (xml) => xml) {
      const name = file.replace(/\W+/g, '-');
      const local = (old: string) => `${base}/articles/${name}/${createHash('sha256').update(old).digest('hex').slice(0, 12)}`;
      // Item links as text (RSS) or as href attributes (Atom); the bytes are read as latin1 so any encoding survives.
      const xml = readFileSync(path.join(FIXTURE_FEEDS, file), 'latin1')
        .replace(/<link>\s*(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?\s*<\/link>/g, (_, old: string) => `<link>${local(old)}</link>`)
        .replace(/(<link\b[^>]*?\bhref=)(["'])(.*?)\2/g, (_, head: string, quote: string, old: string) => `${head}${quote}${local(old)}${quote}`);
      const pathname = `/feeds/${file}`;
      set(pathname, { body: Buffer.from(transform(xml), 'latin1'), contentType: 'application/xml' });
      return `${base}${pathname}`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
