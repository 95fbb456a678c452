/**
 * From a reader's draft to an Article: supplied metadata applied, text normalised and scrubbed,
 * date parsed, language settled, id hashed, key suffixed for multi-item sources.
 */
import type { Article, ArticleFormat, DateRef } from '#schemas/event.ts';
import type { Draft, SuppliedMetadata } from '#commons/articles/types.ts';
import { parseMetadataDate } from '#commons/articles/dates.ts';
import { articleLanguage } from '#commons/articles/language.ts';
import { MAX_TITLE_CHARS } from '#commons/articles/limits.ts';
import { articleId, cleanUrl, normaliseInline, normaliseText, truncate } from '#commons/articles/normalise.ts';
import { scrubText } from '#commons/articles/safety.ts';

/** Supplied metadata after validation: what to use, and what could not be used. */
export interface Supplied {
  published?: DateRef;
  url?: string;
  publisher?: string;
  warnings: string[];
}

/** Validates supplied metadata once per input; unusable values become warnings, not failures. */
export function checkSupplied(metadata: SuppliedMetadata | undefined): Supplied {
  const supplied: Supplied = { warnings: [] };
  if (!metadata) return supplied;
  if (typeof metadata.published === 'string' && metadata.published.trim()) {
    const date = parseMetadataDate(metadata.published);
    if (date) supplied.published = date;
    else supplied.warnings.push(`Supplied published "${metadata.published.slice(0, 40)}" is not a date (YYYY-MM-DD, ISO 8601 or RFC 822) and was ignored.`);
  }
  if (typeof metadata.url === 'string' && metadata.url.trim()) {
    const url = cleanUrl(metadata.url);
    if (url) supplied.url = url;
    else supplied.warnings.push(`Supplied url "${metadata.url.slice(0, 60)}" is not an http(s) URL and was ignored.`);
  }
  if (typeof metadata.publisher === 'string') {
    const publisher = inline(metadata.publisher, 300);
    if (publisher) supplied.publisher = publisher;
  }
  return supplied;
}

function inline(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const text = truncate(normaliseInline(scrubText(value)), max);
  return text || undefined;
}

export interface BuildContext {
  key: string;
  format: ArticleFormat;
  receivedAt: string;
  supplied: Supplied;
  /** Position of the item in its source, and how many items the source had. */
  index: number;
  count: number;
}

/** Builds the article for a draft, or undefined when it has neither title nor body text. */
export function buildArticle(draft: Draft, context: BuildContext): Article | undefined {
  const title = inline(draft.title, MAX_TITLE_CHARS) ?? '';
  const scrubbed = scrubText(draft.body);
  const body = draft.normalised && scrubbed === draft.body ? scrubbed : normaliseText(scrubbed);
  if (!title && !body) return undefined;
  const single = context.count <= 1;

  const article: Article = {
    id: articleId(title, body),
    key: single ? context.key : `${context.key}#${context.index}`,
    format: context.format,
    title,
    body,
    language: articleLanguage(draft.language, title, body),
    receivedAt: context.receivedAt,
  };
  // One supplied URL cannot name every item of a feed, so for multi-item sources it only fills gaps.
  const url = single ? (context.supplied.url ?? cleanUrl(draft.url)) : (cleanUrl(draft.url) ?? context.supplied.url);
  const publisher = context.supplied.publisher ?? inline(draft.publisher, 300);
  const byline = inline(draft.byline, 200);
  const section = inline(draft.section, 200);
  const publishedAt = context.supplied.published ?? parseMetadataDate(draft.published);
  if (url) article.url = url;
  if (publisher) article.publisher = publisher;
  if (byline) article.byline = byline;
  if (section) article.section = section;
  if (publishedAt) article.publishedAt = publishedAt;
  return article;
}
