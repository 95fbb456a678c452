/**
 * JSON articles: `{ title, body | text, url?, published?, publisher? }` or an array of them. Nesting
 * depth is checked by a linear scan before JSON.parse (json-depth.ts), so a 100,000-level document is
 * rejected without recursion. Bodies that contain markup are converted to plain text.
 */
import type { Draft } from '#commons/articles/types.ts';
import { describeError, fail } from '#commons/articles/errors.ts';
import { toPlainText } from '#commons/articles/html-text.ts';
import { jsonDepth } from '#commons/articles/json-depth.ts';
import { MAX_ITEMS, MAX_JSON_DEPTH } from '#commons/articles/limits.ts';

type Entry = Record<string, unknown>;

function str(entry: Entry, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = entry[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const name = (value as Entry).name;
      if (typeof name === 'string' && name.trim()) return name;
    }
  }
  return undefined;
}

function toDraft(entry: Entry): Draft {
  const draft: Draft = {
    title: toPlainText(str(entry, 'title', 'headline') ?? ''),
    body: toPlainText(str(entry, 'body', 'text', 'content', 'articleBody') ?? ''),
  };
  const url = str(entry, 'url', 'link');
  const published = str(entry, 'published', 'publishedAt', 'published_at', 'datePublished', 'date');
  const publisher = str(entry, 'publisher', 'source', 'site');
  const byline = str(entry, 'byline', 'author');
  const section = str(entry, 'section', 'category', 'articleSection');
  const language = str(entry, 'language', 'lang');
  if (url) draft.url = url;
  if (published) draft.published = published;
  if (publisher) draft.publisher = toPlainText(publisher);
  if (byline) draft.byline = toPlainText(byline);
  if (section) draft.section = toPlainText(section);
  if (language) draft.language = language;
  return draft;
}

/**
 * Reads a JSON file into one draft per source item (undefined for array entries that are not
 * objects). `items` is how many source items there were, for `#n` keys.
 */
export function readJson(text: string): { drafts: (Draft | undefined)[]; items: number } {
  const depth = jsonDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    fail('malformed', `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep; an article needs two.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail('malformed', `The file is not valid JSON: ${describeError(error)}`);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) fail('too-large', `The JSON array holds ${value.length} entries; the limit is ${MAX_ITEMS}.`);
    const drafts = value.map((entry) =>
      entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? toDraft(entry as Entry) : undefined,
    );
    return { drafts, items: value.length };
  }
  if (value !== null && typeof value === 'object') return { drafts: [toDraft(value as Entry)], items: 1 };
  return fail('unsupported', 'The JSON must be an object { title, body } or an array of such objects.');
}
