/**
 * The AWS SDK v3 packages this project calls, loaded with require(). They are CommonJS: an ESM `import`
 * of one makes Node scan it, and every package it re-exports, for its export names before running it,
 * which was about 80 ms of the ingest function's cold import (of ~280 ms of CPU); require() runs them
 * as they are. Types still come from `import type`. The Lambda bundles keep @aws-sdk/* external: the
 * runtime provides it, and require() finds it there as it finds node_modules locally.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const s3 = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
export const dynamodb = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
/** The document client: plain JavaScript values in and out. */
export const documents = require('@aws-sdk/lib-dynamodb') as typeof import('@aws-sdk/lib-dynamodb');
