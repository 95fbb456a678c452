/**
 * Markdown articles: optional YAML front matter (`title`, `url`, `published`, `publisher`, also
 * `date`, `link`, `source`, `author`, `lang`), parsed with `yaml` (data only: no custom tags run,
 * alias expansion is capped), then the body rendered with marked and turned into plain text.
 * Without a front-matter title, a leading `# Heading` (or else the first line) is the title.
 */
import { Marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { Draft } from '#commons/articles/types.ts';
import { describeError, fail } from '#commons/articles/errors.ts';
import { htmlToText, toPlainText } from '#commons/articles/html-text.ts';
import { frontMatterOf } from '#commons/articles/sniff.ts';
import { normaliseInline } from '#commons/articles/normalise.ts';

const marked = new Marked({ async: false, gfm: true });

/** Most YAML aliases a front matter may use (a real one uses none). */
const MAX_YAML_ALIASES = 20;

type FrontMatter = Record<string, unknown>;

function parseFrontMatter(yaml: string): FrontMatter {
  let value: unknown;
  try {
    value = parseYaml(yaml, { maxAliasCount: MAX_YAML_ALIASES, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  } catch (error) {
    const message = describeError(error);
    if (/alias/i.test(message)) {
      fail('unsafe', `The front matter expands too many YAML aliases (a resource-exhaustion attack): ${message}`);
    }
    fail('malformed', `The YAML front matter cannot be parsed: ${message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail('malformed', 'The YAML front matter must be a mapping of keys (title, url, published, publisher) to values.');
  }
  return value as FrontMatter;
}

/** The first usable scalar among several keys, as a string. */
function field(fm: FrontMatter, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = fm[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const name = (value as Record<string, unknown>).name;
      if (typeof name === 'string' && name.trim()) return name;
    }
  }
  return undefined;
}

/** Deepest blockquote/list nesting and indentation kept; marked recurses per level. */
const MAX_NESTING = 16;
const MAX_INDENT = 64;
/** Table columns kept as a table; wider rows are taken literally (marked is slow on them). */
const MAX_PIPES = 64;
const NESTING_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;
const NESTING_MARKER = /[ \t]*(?:>|[-*+]|\d{1,9}[.)])/g;
/**
 * Emphasis, strike and code delimiters a paragraph may have before they are taken literally: marked's
 * emphasis matching is quadratic in them (40 KB of "*a" takes a second, 400 KB minutes).
 */
const MAX_DELIMITERS = 300;

/** A block taken literally: an HTML paragraph of the escaped text, which marked passes through untouched. */
function literalBlock(block: string): string {
  const lead = /^\s*/.exec(block)![0];
  const escaped = block.slice(lead.length).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `${lead}<p>${escaped}</p>`;
}

/**
 * Defuses Markdown that would make marked slow or overflow its stack, keeping the text: very deep
 * blockquote and list nesting and indentation are flattened, very wide table rows and paragraphs
 * full of emphasis delimiters are taken literally.
 */
export function tameMarkdown(markdown: string): string {
  const lines = markdown.split('\n').map((line) => {
    let out = line;
    const prefix = NESTING_PREFIX.exec(out)?.[0];
    if (prefix) {
      const markers = prefix.match(NESTING_MARKER) ?? [];
      if (markers.length > MAX_NESTING) out = `${markers.slice(0, MAX_NESTING).join('')} ${out.slice(prefix.length)}`;
    }
    const indent = /^[ \t]*/.exec(out)![0];
    if (indent.length > MAX_INDENT) out = ' '.repeat(MAX_INDENT) + out.slice(indent.length);
    if (out.length > MAX_PIPES && (out.match(/\|/g)?.length ?? 0) > MAX_PIPES) out = out.replace(/\|/g, '\\|');
    return out;
  });
  return lines
    .join('\n')
    .split(/(\n[ \t]*\n)/)
    .map((block) => ((block.match(/[*_~`]/g)?.length ?? 0) > MAX_DELIMITERS ? literalBlock(block) : block))
    .join('');
}

/** Markdown source to plain text (paragraphs separated by a blank line). */
export function markdownToText(markdown: string): string {
  return htmlToText(marked.parse(tameMarkdown(markdown)) as string);
}

/** Reads a decoded Markdown article. */
export function readMarkdown(text: string): Draft {
  const split = frontMatterOf(text);
  const fm = split ? parseFrontMatter(split.yaml) : {};
  let source = split ? split.rest : text;

  let title = field(fm, 'title', 'headline');
  if (title === undefined) {
    const heading = /^\s*#[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(source);
    if (heading) {
      title = htmlToText(marked.parseInline(heading[1]!) as string);
      source = source.slice(heading[0].length);
    }
  }
  let body = markdownToText(source);
  if (title === undefined) {
    const newline = body.indexOf('\n');
    title = newline === -1 ? body : body.slice(0, newline);
    body = newline === -1 ? '' : body.slice(newline + 1);
  } else {
    // A body that repeats the front-matter title as its first heading does not need it twice.
    const first = body.split('\n', 1)[0] ?? '';
    title = toPlainText(title);
    const plainTitle = normaliseInline(title);
    if (first && normaliseInline(first) === plainTitle) body = body.slice(first.length).replace(/^\n+/, '');
  }

  const draft: Draft = { title, body };
  const url = field(fm, 'url', 'link', 'canonical_url', 'canonical');
  const published = field(fm, 'published', 'date', 'published_at', 'publishedAt', 'pubDate');
  const publisher = field(fm, 'publisher', 'source', 'site', 'site_name');
  const byline = field(fm, 'author', 'byline', 'by');
  const section = field(fm, 'section', 'category');
  const language = field(fm, 'lang', 'language', 'locale');
  if (url) draft.url = url;
  if (published) draft.published = published;
  if (publisher) draft.publisher = publisher;
  if (byline) draft.byline = byline;
  if (section) draft.section = section;
  if (language) draft.language = language;
  return draft;
}
