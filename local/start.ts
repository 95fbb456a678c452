/**
 * `npm start`: the whole pipeline on this machine (see ./stack.ts and docs/local.md).
 * Environment: PORT (feed server, default 3000), DATA_DIR (default .data), S3_PORT (default PORT+1),
 * DYNAMODB_PORT (default PORT+2), LOG_LEVEL (handler logs, default WARN), POLL_MINUTES (default 15),
 * ALLOW_PRIVATE_SOURCES (follow feeds on private addresses: tests, an intranet), FEED_MIN_CONFIDENCE
 * (default 0.55, as on a stage).
 */
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { DEFAULT_PORT, localDataDir } from '../functions/cli/local-stack.ts';
import { POLL_DEFAULTS } from '#commons/sources/settings.ts';
import { DEFAULT_MIN_CONFIDENCE } from '#commons/feeds/threshold.ts';
import { minConfidenceFromEnv } from '#commons/pipeline/runtime.ts';
import { startBanner } from './banner.ts';
import { startLocalStack } from './stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  console.log(`npm start: runs the whole pipeline on this machine (docs/local.md).

Environment:
  PORT            feed server port (default 3000)
  DATA_DIR        where the data is kept (default .data)
  S3_PORT         embedded S3 port (default PORT+1)
  DYNAMODB_PORT   embedded DynamoDB port (default PORT+2)
  LOG_LEVEL       handler log level (default WARN)
  POLL_MINUTES    minutes between polls of the followed sources (default 15; 0: only 'sources poll')
  ALLOW_PRIVATE_SOURCES
                  1 (or addresses and CIDRs, comma-separated): follow feeds on private addresses
  FEED_MIN_CONFIDENCE
                  the feeds carry developments from this confidence, 0 to 1 (default ${DEFAULT_MIN_CONFIDENCE});
                  the pages show the others, marked`);
  process.exit(0);
}

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number (0-65535), not '${raw}'.`);
    process.exit(2);
  }
  return port;
}

function minutesFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const minutes = Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0) {
    console.error(`${name} must be a number of minutes (0 or more), not '${raw}'.`);
    process.exit(2);
  }
  return minutes;
}

const time = () => new Date().toTimeString().slice(0, 8);
const port = portFrom('PORT', DEFAULT_PORT);
const dataDir = localDataDir();
const started = performance.now();

const pollIntervalMinutes = minutesFrom('POLL_MINUTES', POLL_DEFAULTS.intervalMinutes);

function minConfidenceOrExit(): number {
  try {
    return minConfidenceFromEnv(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
const minConfidence = minConfidenceOrExit();

try {
  const stack = await startLocalStack({
    dataDir,
    port,
    s3Port: portFrom('S3_PORT', port === 0 ? 0 : port + 1),
    dynamoPort: portFrom('DYNAMODB_PORT', port === 0 ? 0 : port + 2),
    logLevel: (process.env.LOG_LEVEL?.toUpperCase() as LogLevel | undefined) ?? 'WARN',
    pollIntervalMinutes,
    minConfidence,
    ...(process.env.ALLOW_PRIVATE_SOURCES ? { allowPrivateSources: process.env.ALLOW_PRIVATE_SOURCES } : {}),
    log: (line) => console.log(`${time()} ${line}`),
  });
  console.log(startBanner(stack.state, performance.now() - started, pollIntervalMinutes));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1); // a second Ctrl+C does not wait
    stopping = true;
    console.log(`${time()} ${signal}: stopping (anything not yet ingested is picked up on the next start)`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(`Could not start the local stack: ${(error as Error).message}`);
  if (/already in use/.test((error as Error).message)) {
    console.error('Pick other ports, e.g. PORT=3100 npm start (S3 and DynamoDB use PORT+1 and PORT+2 unless S3_PORT/DYNAMODB_PORT are set).');
  }
  process.exit(1);
}
