/**
 * Saved web pages. Metadata comes from meta tags (og:title, article:published_time, og:url or the
 * canonical link, og:site_name, author), JSON-LD and <html lang>; the main text from Mozilla
 * Readability over a linkedom DOM, turned into plain text paragraphs. Pathological pages are turned
 * away before parsing (too many elements, absurd nesting); pages with little text, or too complex
 * for Readability to finish quickly, use the text of the whole page instead.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Draft } from '#commons/articles/types.ts';
import { describeError, fail } from '#commons/articles/errors.ts';
import { nodeToText, toPlainText } from '#commons/articles/html-text.ts';
import { jsonDepth } from '#commons/articles/json-depth.ts';
import {
  MAX_HTML_ELEMENTS,
  MAX_JSON_DEPTH,
  MAX_MARKUP_DEPTH,
  MAX_READABILITY_WORK,
  MIN_READABILITY_CHARS,
} from '#commons/articles/limits.ts';
import { markupStats } from '#commons/articles/markup-stats.ts';
import { normaliseInline } from '#commons/articles/normalise.ts';

/** Elements removed before Readability runs: never text, and they make it slower. */
const PRUNED = 'script, style, noscript, template, svg, math, iframe, object, embed, applet, canvas, frame, frameset';

function parseDocument(html: string): Document {
  const { document } = parseHTML(html);
  if (document.documentElement && /^html$/i.test(document.documentElement.localName)) return document;
  // linkedom makes the first element of a fragment the document element (and drops text around it),
  // so fragments and text are wrapped into a full document.
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

/** Meta tag contents by lower-cased property / name / itemprop / http-equiv; the first one wins. */
function metaTags(document: Document): Map<string, string> {
  const metas = new Map<string, string>();
  for (const meta of document.querySelectorAll('meta')) {
    const content = meta.getAttribute('content');
    if (content === null || !content.trim()) continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = meta.getAttribute(attribute)?.trim().toLowerCase();
      if (key && !metas.has(key)) metas.set(key, content.trim());
    }
  }
  return metas;
}

interface LinkedData {
  headline?: string;
  published?: string;
  publisher?: string;
  author?: string;
  section?: string;
  url?: string;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(nameOf).filter(Boolean).join(', ') || undefined;
  if (value && typeof value === 'object') {
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/** The first schema.org Article-like object in the page's JSON-LD. */
function linkedData(document: Document): LinkedData {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    if (text.length > 200_000 || jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const candidates: unknown[] = Array.isArray(data) ? data : [data];
    const graph = (data as Record<string, unknown> | null)?.['@graph'];
    if (Array.isArray(graph)) candidates.push(...graph);
    for (const candidate of candidates) {
      if (!candidate || typeof candidate !== 'object') continue;
      const item = candidate as Record<string, unknown>;
      const type = [item['@type']].flat().join(' ');
      if (!/Article|Posting|Report|NewsArticle|WebPage/i.test(type)) continue;
      const mainEntity = item.mainEntityOfPage;
      return {
        headline: typeof item.headline === 'string' ? item.headline : undefined,
        published: typeof item.datePublished === 'string' ? item.datePublished : undefined,
        publisher: nameOf(item.publisher),
        author: nameOf(item.author),
        section: nameOf(item.articleSection),
        url:
          typeof item.url === 'string'
            ? item.url
            : typeof mainEntity === 'string'
              ? mainEntity
              : nameOf(mainEntity) === undefined && mainEntity && typeof mainEntity === 'object'
                ? ((mainEntity as Record<string, unknown>)['@id'] as string | undefined)
                : undefined,
      };
    }
  }
  return {};
}

/** Elements under a root and the sum of their depths (Readability's cost grows with the latter). */
function treeWork(root: Element): { elements: number; work: number } {
  let elements = 0;
  let work = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!;
    elements++;
    work += depth;
    for (const child of element.children) stack.push([child, depth + 1]);
  }
  return { elements, work };
}

const first = (...values: (string | null | undefined)[]): string | undefined => {
  for (const value of values) if (typeof value === 'string' && value.trim()) return value.trim();
  return undefined;
};

function withoutBy(byline: string | undefined): string | undefined {
  if (!byline) return undefined;
  const name = normaliseInline(byline).replace(/^by\s+/i, '');
  return name && !/^https?:\/\//i.test(name) ? name : undefined;
}

/** Reads a decoded HTML page. `warnings` says when Readability was skipped for complexity. */
export function readHtml(html: string): { draft: Draft; warnings: string[] } {
  const stats = markupStats(html);
  if (stats.depth > MAX_MARKUP_DEPTH) {
    fail('malformed', `The page nests elements about ${stats.depth} deep; over ${MAX_MARKUP_DEPTH} is not a real page.`);
  }
  if (stats.elements > MAX_HTML_ELEMENTS) {
    fail('too-large', `The page has about ${stats.elements} elements; pages over ${MAX_HTML_ELEMENTS} are not read.`);
  }
  const document = parseDocument(html);
  const root = document.documentElement;
  const metas = metaTags(document);
  const ld = linkedData(document);
  const pageTitle = document.querySelector('title')?.textContent;
  const firstHeading = document.querySelector('h1')?.textContent;
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  const language = first(
    root.getAttribute('lang'),
    root.getAttribute('xml:lang'),
    metas.get('content-language'),
    metas.get('og:locale'),
    metas.get('language'),
  );

  for (const element of document.querySelectorAll(PRUNED)) element.remove();
  const body = document.body ?? root;
  const warnings: string[] = [];
  const { work } = treeWork(body);
  // The whole page's text, taken before Readability rearranges the document: the fallback.
  const pageText = nodeToText(body);

  let text = '';
  let readability: ReturnType<Readability<Node>['parse']> = null;
  if (pageText.length >= MIN_READABILITY_CHARS && work <= MAX_READABILITY_WORK) {
    try {
      readability = new Readability<Node>(document, {
        maxElemsToParse: MAX_HTML_ELEMENTS,
        serializer: (node) => node,
        disableJSONLD: true,
      }).parse();
      if (readability?.content) text = nodeToText(readability.content);
    } catch (error) {
      warnings.push(`Main-text extraction failed (${describeError(error)}), so the text of the whole page was used.`);
    }
  } else if (work > MAX_READABILITY_WORK) {
    warnings.push('The page is too complex for main-text extraction, so the text of the whole page was used.');
  }
  if (!text.trim()) text = pageText;

  const title = first(
    metas.get('og:title'),
    metas.get('twitter:title'),
    ld.headline,
    metas.get('dc.title'),
    readability?.title,
    pageTitle,
    firstHeading,
  );
  const plainTitle = title ? normaliseInline(toPlainText(title)) : '';
  // Readability often keeps the headline as the first block; the title field already has it.
  const firstBlock = text.split('\n', 1)[0] ?? '';
  if (plainTitle && normaliseInline(firstBlock) === plainTitle) text = text.slice(firstBlock.length).replace(/^\n+/, '');

  const draft: Draft = { title: plainTitle, body: text };
  const url = first(metas.get('og:url'), canonical, ld.url);
  const published = first(
    metas.get('article:published_time'),
    metas.get('og:published_time'),
    metas.get('datepublished'),
    ld.published,
    metas.get('pubdate'),
    metas.get('publish-date'),
    metas.get('date'),
    metas.get('dc.date'),
    metas.get('dc.date.issued'),
    metas.get('dcterms.created'),
    metas.get('sailthru.date'),
    metas.get('parsely-pub-date'),
    readability?.publishedTime,
  );
  const publisher = first(metas.get('og:site_name'), ld.publisher, metas.get('application-name'), readability?.siteName);
  const byline = withoutBy(first(metas.get('author'), ld.author, metas.get('article:author'), metas.get('dc.creator'), readability?.byline));
  if (url) draft.url = url;
  if (published) draft.published = published;
  if (publisher) draft.publisher = toPlainText(publisher);
  const section = first(metas.get('article:section'), ld.section);
  if (byline) draft.byline = toPlainText(byline);
  if (section) draft.section = toPlainText(section);
  if (language) draft.language = language;
  return { draft, warnings };
}
