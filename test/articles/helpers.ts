import { ReadError } from '#commons/articles/errors.ts';
/** Shared helpers for the article reader tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArticleInput } from '#commons/articles/types.ts';

export const RECEIVED_AT = '2024-03-01T12:00:00.000Z';
/** ../shared beside the repository, wherever the clone lives. */
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
export const SEEDS_DIR = `${SHARED}/corpus/seeds`;
export const FEEDS_DIR = `${SHARED}/fixtures/feeds`;
export const HOSTILE_DIR = `${SHARED}/fixtures/hostile`;
export const OWN_FIXTURES = fileURLToPath(new URL('../fixtures/articles/', import.meta.url));

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function input(key: string, content: string | Uint8Array, extra: Partial<ArticleInput> = {}): ArticleInput {
  return { key, bytes: typeof content === 'string' ? utf8(content) : content, receivedAt: RECEIVED_AT, ...extra };
}

export function fileInput(dir: string, name: string, extra: Partial<ArticleInput> = {}): ArticleInput {
  return { key: name, bytes: readFileSync(`${dir}/${name}`), receivedAt: RECEIVED_AT, ...extra };
}

/** Files of a fixture directory, without licence files. */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith('LICENSE'))
    .sort();
}

/** What must never survive into article text, URL or publisher. */
export const ACTIVE_CONTENT = /<script|javascript:|vbscript:|\bon[a-z]+\s*=|<iframe|<object|<embed|<meta|expression\(/i;

/** The typed rejection reason a reader throws, or a description of any other outcome. */
export const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ReadError ? error.reason : `threw ${String(error)}`;
  }
};
