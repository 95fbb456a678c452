/**
 * The handlers bundle with the same esbuild settings the stack uses (infra/bundling.ts), stay within the 1.5 MB
 * budget, and the ESM bundle actually loads in Node and exports `handler`. Timing is left to `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { bundleHandler, timeColdImport } from '../../infra/bundle-size.ts';
import { BUNDLE_BUDGET_BYTES, HANDLERS, type HandlerName } from '../../infra/bundling.ts';

describe.each(Object.keys(HANDLERS) as HandlerName[])('%s bundle', (name) => {
  it('is within the 1.5 MB budget and loads as an ES module that exports handler', { timeout: 60_000 }, async () => {
    const report = await bundleHandler(name);
    expect(report.bytes, `${name}: ${report.bytes} bytes`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    expect(() => timeColdImport(report.outfile)).not.toThrow();
  });
});
