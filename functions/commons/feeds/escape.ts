/**
 * Text hygiene for everything the feeds show. Event text comes from untrusted articles, so:
 * - `cleanText` drops characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, DEL and
 *   C1 controls, U+FFFE/U+FFFF, lone surrogates); one such character makes a whole document
 *   ill-formed. The XML writer (xml.ts) applies it to every text and attribute.
 * - `escapeHtml` turns text into HTML text (the five significant characters). Every piece of HTML
 *   the feeds emit is built from fixed tags plus `escapeHtml(...)` output, so it can never contain
 *   markup from the data; the XML writer then escapes that HTML once more as XML text.
 * - `safeHttpUrl` accepts only absolute http(s) URLs, in WHATWG-serialised form (no spaces, quotes
 *   or angle brackets left raw), and refuses `javascript:` and friends.
 */

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Cheap pre-check: most text has none of the characters XML_INVALID looks for.
const MAYBE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function cleanText(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(XML_INVALID, '') : text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML element content or a double-quoted attribute (and clean it for XML). */
const HTML_SPECIAL = /[&<>"']/;
export function escapeHtml(text: string): string {
  const clean = cleanText(text);
  return HTML_SPECIAL.test(clean) ? clean.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : clean;
}

/** The URL in canonical form if it is an absolute http(s) URL, else undefined. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(cleanText(url).trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
