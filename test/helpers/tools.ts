/**
 * Tests that need a program installed on the machine (Chromium, newsboat): on a developer's machine
 * without it they are skipped with how to install it; in CI, where .ci/run installs it, they fail, so
 * a missing browser can never turn the browser tests into a silent skip.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'vitest';
import type { RenderedFile } from '#commons/feeds/render.ts';
import { SITE_CONTENT_SECURITY_POLICY } from '../../infra/names.ts';

/** CI=true (or 1, yes), as CI services and `CI=true bash .ci/run` set it. */
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

/** In place of a suite whose program is missing: a failing test in CI, a skipped one elsewhere. */
export function missingProgram(suite: string, message: string): void {
  describe(suite, () => {
    if (IN_CI) {
      it(`cannot run: ${message}`, () => {
        throw new Error(`${message} CI must run this suite (.ci/run installs what it needs).`);
      });
    } else {
      it.skip(message, () => {});
    }
  });
}

/**
 * Serves rendered files as the feed bucket behind CloudFront (or the local feed server) would: the
 * stored content types, '/' and folders as their index.html, and the site's Content-Security-Policy.
 */
export async function serveFiles(files: () => ReadonlyMap<string, RenderedFile>): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const key = path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
    const file = files().get(key);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': file.contentType, 'x-content-type-options': 'nosniff', 'content-security-policy': SITE_CONTENT_SECURITY_POLICY })
      .end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
