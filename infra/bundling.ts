/**
 * One definition of how a Lambda handler is bundled, used by the CDK NodejsFunction (infra/constructs/feed-function.ts)
 * and by infra/bundle-size.ts, which `npm run bench` calls to print each bundle's size against the budget.
 * No aws-cdk-lib import here, so the size script stays light.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Lambda handlers, by function name suffix. Each file exports `handler`. */
export const HANDLERS = {
  ingest: 'functions/ingest/handler.ts',
  publish: 'functions/publish/handler.ts',
  poll: 'functions/poll/handler.ts',
} as const;
export type HandlerName = keyof typeof HANDLERS;

export function handlerEntry(name: HandlerName): string {
  return path.join(REPO_ROOT, HANDLERS[name]);
}

/** Each minified bundle must stay at or under this size (design brief, "Budgets"). */
export const BUNDLE_BUDGET_BYTES = 1.5 * 1024 * 1024;

/**
 * Node 20 here, nodejs22.x on Lambda: build for node20 so both run the same bundle.
 * ESM output; the banner gives bundled CommonJS dependencies a working `require` for Node built-ins.
 * `@aws-sdk/*` is provided by the nodejs22.x runtime and stays external, which keeps the bundles small.
 */
export const LAMBDA_BUNDLE = {
  target: 'node20',
  format: 'esm',
  platform: 'node',
  minify: true,
  sourcemap: false,
  charset: 'utf8',
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: "import { createRequire as __cfCreateRequire } from 'node:module'; const require = __cfCreateRequire(import.meta.url);",
} as const;
