/**
 * How the CLI finds the stack `npm start` runs: `npm start` writes `<DATA_DIR>/local-stack.json` with its
 * endpoints and names, and the CLI reads it from the same DATA_DIR (default `.data`) and checks that the
 * stack answers (and listens on PORT, when PORT is set). The local runtime (local/) writes the file with
 * `writeLocalState`, so both sides share this one definition.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ENV } from '#commons/config.ts';

export const STATE_FILE = 'local-stack.json';
export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_PORT = 3000;

export interface LocalStackState {
  version: 1;
  pid: number;
  dataDir: string;
  port: number;
  /** Base URL of the feed server, e.g. http://localhost:3000 */
  feedBaseUrl: string;
  s3Endpoint: string;
  dynamoEndpoint: string;
  inboxBucket: string;
  feedBucket: string;
  tableName: string;
  startedAt: string;
}

/** Control endpoints of the local feed server (bound to localhost only). */
export const CONTROL = {
  health: '/_local/health',
  publish: '/_local/publish',
  poll: '/_local/poll',
  idle: '/_local/idle',
} as const;

export class LocalStackError extends Error {
  override name = 'LocalStackError';
}

export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR || DEFAULT_DATA_DIR);
}

export function localStatePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

export async function writeLocalState(state: LocalStackState): Promise<void> {
  await mkdir(state.dataDir, { recursive: true });
  const file = localStatePath(state.dataDir);
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function removeLocalState(dataDir: string): Promise<void> {
  await rm(localStatePath(dataDir), { force: true });
}

export async function readLocalState(dataDir: string): Promise<LocalStackState | undefined> {
  try {
    const state = JSON.parse(await readFile(localStatePath(dataDir), 'utf8')) as LocalStackState;
    return state?.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

const START_HINT = 'Start it with `npm start` (in another terminal, with the same PORT and DATA_DIR).';

/** The running local stack for this environment, or a LocalStackError that says how to start it. */
export async function findLocalStack(env: NodeJS.ProcessEnv = process.env): Promise<LocalStackState> {
  const dataDir = localDataDir(env);
  const state = await readLocalState(dataDir);
  if (!state) throw new LocalStackError(`The local stack is not running (no ${localStatePath(dataDir)}). ${START_HINT}`);
  if (env.PORT && Number(env.PORT) !== state.port) {
    throw new LocalStackError(
      `The local stack for DATA_DIR=${dataDir} listens on port ${state.port}, not PORT=${env.PORT}. ` +
        `Unset PORT, or start a stack with PORT=${env.PORT} and its own DATA_DIR.`,
    );
  }
  let health: { dataDir?: string } | undefined;
  try {
    const response = await fetch(`${state.feedBaseUrl}${CONTROL.health}`, { signal: AbortSignal.timeout(3000) });
    if (response.ok) health = (await response.json()) as { dataDir?: string };
  } catch {
    health = undefined;
  }
  if (!health || health.dataDir !== state.dataDir) {
    throw new LocalStackError(`The local stack is not running (nothing answers on ${state.feedBaseUrl}). ${START_HINT}`);
  }
  return state;
}

/**
 * What goes before a CLI command so that it reaches this stack: `PORT=3100 DATA_DIR=/tmp/x ` for the
 * settings that are not the defaults (DATA_DIR as an absolute path), '' when both are.
 */
export function localEnvPrefix(state: Pick<LocalStackState, 'port' | 'dataDir'>): string {
  const port = state.port !== DEFAULT_PORT ? `PORT=${state.port} ` : '';
  const dataDir = state.dataDir !== localDataDir({}) ? `DATA_DIR=${shellWord(state.dataDir)} ` : '';
  return port + dataDir;
}

/** A word a POSIX shell reads back as `value`. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The config.ts environment of the local stack, so the CLI builds the same pipeline the handlers use. */
export function localStackEnv(state: LocalStackState): NodeJS.ProcessEnv {
  return {
    [ENV.stage]: 'local',
    [ENV.tableName]: state.tableName,
    [ENV.inboxBucket]: state.inboxBucket,
    [ENV.feedBucket]: state.feedBucket,
    [ENV.feedBaseUrl]: state.feedBaseUrl,
    [ENV.s3Endpoint]: state.s3Endpoint,
    [ENV.dynamoEndpoint]: state.dynamoEndpoint,
  };
}

/** Calls a control endpoint of the running stack and returns its JSON answer. */
export async function callLocalStack<T>(state: LocalStackState, endpoint: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${state.feedBaseUrl}${endpoint}`, init);
  } catch (error) {
    throw new LocalStackError(`The local stack stopped answering on ${state.feedBaseUrl} (${(error as Error).message}). ${START_HINT}`);
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new LocalStackError(body.error ?? `${endpoint} answered ${response.status}`);
  return body;
}
