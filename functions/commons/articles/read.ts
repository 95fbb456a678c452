/**
 * The public entry point: bytes of one dropped object to articles, or a typed rejection. Never
 * throws. Order: size, binary signature, decoding, format sniffing (content first, extension
 * second), markup safety, the format's reader, then per-item article building.
 */
import type { Article, ArticleFormat } from '#schemas/event.ts';
import type { ArticleInput, Draft, ReadResult, Rejection } from '#commons/articles/types.ts';
import { buildArticle, checkSupplied } from '#commons/articles/build.ts';
import { ReadError, describeError, fail } from '#commons/articles/errors.ts';
import { MAX_BYTES } from '#commons/articles/limits.ts';
import { decodeAndSniff } from '#commons/articles/prepare.ts';
import { binarySignature, extensionOf } from '#commons/articles/sniff.ts';
import { readText } from '#commons/articles/text.ts';

export { MAX_BYTES } from '#commons/articles/limits.ts';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The arrival time as an ISO 8601 timestamp with offset; converted when parseable, else rejected. */
function receivedAtOf(value: unknown): string {
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) fail('malformed', 'The input has no valid receivedAt timestamp (ISO 8601), so the article cannot be dated.');
  return new Date(time).toISOString();
}

interface Read {
  drafts: (Draft | undefined)[];
  warnings: string[];
}

/**
 * Plain text is read by code loaded up front; the JSON, Markdown, HTML and feed readers (linkedom,
 * marked, yaml, Readability, rss-parser) load on first use, which keeps a cold start cheap.
 */
async function readDrafts(format: ArticleFormat, text: string): Promise<Read> {
  switch (format) {
    case 'text':
      return { drafts: [readText(text)], warnings: [] };
    case 'markdown': {
      const { readMarkdown } = await import('#commons/articles/markdown.ts');
      return { drafts: [readMarkdown(text)], warnings: [] };
    }
    case 'json': {
      const { readJson } = await import('#commons/articles/json.ts');
      return { drafts: readJson(text).drafts, warnings: [] };
    }
    case 'html': {
      const { readHtml } = await import('#commons/articles/html.ts');
      const { draft, warnings } = readHtml(text);
      if (!draft.body.trim()) fail('no-text', 'The page has no readable text (only markup, scripts or navigation).');
      return { drafts: [draft], warnings };
    }
    case 'feed': {
      const { readFeed } = await import('#commons/articles/feed.ts');
      return { drafts: (await readFeed(text)).drafts, warnings: [] };
    }
  }
}

async function read(input: ArticleInput): Promise<ReadResult> {
  if (typeof input.key !== 'string' || input.key.length === 0) fail('malformed', 'The input has no key, so its articles could not be traced back to it.');
  const receivedAt = receivedAtOf(input.receivedAt);
  const bytes = input.bytes;
  if (!(bytes instanceof Uint8Array)) fail('unsupported', 'The input bytes are not a byte array.');
  if (bytes.length === 0) fail('empty', 'The file is empty (0 bytes).');
  if (bytes.length > MAX_BYTES) {
    fail('too-large', `The file has ${bytes.length} bytes; the limit is ${MAX_BYTES} (5 MB). Split it or drop the article text alone.`);
  }
  const signature = binarySignature(bytes);
  if (signature) fail('binary', `The file is ${signature}, not an article.`);

  // Whitespace is checked after sniffing: neither sniffing nor the markup check throws on it.
  const { text, format } = decodeAndSniff(bytes, extensionOf(input.key), input.contentType);
  if (text.trim().length === 0) fail('no-text', 'The file contains only whitespace.');

  const { drafts, warnings } = await readDrafts(format, text);
  const supplied = checkSupplied(input.metadata);
  const articles: Article[] = [];
  drafts.forEach((draft, index) => {
    const article = draft && buildArticle(draft, { key: input.key, format, receivedAt, supplied, index, count: drafts.length });
    if (article) articles.push(article);
    else warnings.push(`Item ${index} has neither a title nor any text and was skipped.`);
  });
  if (articles.length === 0) {
    fail('no-text', drafts.length === 0 ? `The ${format} file holds no items.` : `The ${format} file has no title or text in any item.`);
  }
  const allWarnings = [...supplied.warnings, ...warnings];
  return allWarnings.length > 0 ? { ok: true, articles, warnings: allWarnings } : { ok: true, articles };
}

function rejectionOf(key: unknown, error: unknown): Rejection {
  const safeKey = typeof key === 'string' && key ? key : '(no key)';
  if (error instanceof ReadError) return { key: safeKey, reason: error.reason, detail: error.message };
  if (error instanceof RangeError) {
    return { key: safeKey, reason: 'malformed', detail: `The file is too deeply nested or too complex to parse (${describeError(error)}).` };
  }
  return { key: safeKey, reason: 'malformed', detail: `The file could not be parsed: ${describeError(error)}` };
}

/**
 * Reads one object into articles. Never throws and never rejects: every failure is returned as
 * `{ ok: false, rejection: { key, reason, detail } }` with a reason from REJECTION_REASONS.
 */
export async function readArticles(input: ArticleInput): Promise<ReadResult> {
  try {
    return await read(input);
  } catch (error) {
    return { ok: false, rejection: rejectionOf(input?.key, error) };
  }
}
