/**
 * Whitespace and Unicode normalisation of plain text, the article id, and URL cleaning.
 * Bodies come out as lines joined by "\n" with paragraphs separated by exactly one blank line.
 */
import { createHash } from 'node:crypto';

// Zero-width characters, BOMs and C0/C1 controls other than tab and newline.
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\ufffe\uffff]/g;
// Any whitespace that is not a single plain space.
const WHITESPACE_RUNS = /\s{2,}|[^\S ]/g;
const NON_ASCII = /[^\u0000-\u007f]/;

function nfc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}

// Horizontal whitespace that needs rewriting: a space followed by more, or any other kind of
// horizontal space (single plain spaces are left alone, which keeps this cheap on prose).
const H = '[ \\t\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]';
const HORIZONTAL = new RegExp(` ${H}+|[\\t\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000]${H}*`, 'g');
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;
const HAS_LINE_BREAKS = /[\r\u2028\u2029\u0085]/;
const HAS_ODD_SPACE = /[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;

/**
 * Normalises a multi-line text: NFC, line breaks to "\n", invisible characters removed, horizontal
 * whitespace collapsed to one space, lines trimmed, runs of blank lines collapsed to one, trimmed.
 */
export function normaliseText(text: string): string {
  let clean = nfc(text);
  // Each rewrite runs only when a cheap test says it has something to do (this runs on every article).
  if (HAS_LINE_BREAKS.test(clean)) clean = clean.replace(LINE_BREAKS, '\n');
  clean = clean.replace(INVISIBLE, '');
  if (clean.includes('  ') || HAS_ODD_SPACE.test(clean)) clean = clean.replace(HORIZONTAL, ' ');
  const lines = clean.split('\n');
  let out = '';
  let blank = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      blank = out !== '';
    } else {
      out = out === '' ? line : `${out}${blank ? '\n\n' : '\n'}${line}`;
      blank = false;
    }
  }
  return out;
}

/** Normalises a one-line value (title, publisher, byline): NFC, no invisible characters, all whitespace one space. */
export function normaliseInline(text: string): string {
  return nfc(text).replace(INVISIBLE, '').replace(WHITESPACE_RUNS, ' ').trim();
}

/** Cuts a one-line value to at most `max` characters, at a word boundary when there is one. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max / 2 ? cut.slice(0, space) : cut).trimEnd();
}

/**
 * The article id: hex SHA-256 (first 16 characters) of title and body with all whitespace collapsed,
 * so the same text read from any format, with any line breaks, gets the same id. Title and body must
 * be normalised already (normaliseInline, normaliseText: NFC, single spaces, trimmed lines); then
 * collapsing is only turning line breaks into spaces, which is cheap.
 */
export function articleId(title: string, body: string): string {
  const text = title && body ? `${title} ${body}` : title || body;
  return createHash('sha256').update(text.replace(/\n+/g, ' '), 'utf8').digest('hex').slice(0, 16);
}

/** An absolute http(s) URL, normalised by the URL parser; undefined for anything else. */
export function cleanUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed) || trimmed.length > 2048) return undefined;
  try {
    const url = new URL(trimmed);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
