/**
 * Text hygiene for everything the feeds show. Event text comes from untrusted articles, so:
 * - `cleanText` drops characters XML 1.0 cannot carry (C0 controls other than tab/LF/CR, DEL and
 *   C1 controls, U+FFFE/U+FFFF, lone surrogates); one such character makes a whole document
 *   ill-formed. Neither `feed` nor xml-js drops them; every `xml*` preparation below does.
 * - `escapeHtml` turns text into HTML text (the five significant characters). Every piece of HTML
 *   the feeds emit is built from fixed tags plus `escapeHtml(...)` output, so it can never contain
 *   markup from the data. `escapeHtmlText` escapes element text only (`&`, `<`, `>`; quotes kept).
 * - `safeHttpUrl` accepts only absolute http(s) URLs, in WHATWG-serialised form (no spaces, quotes
 *   or angle brackets left raw), and refuses `javascript:` and friends.
 * - The `xmlJs*` functions prepare values for the XML writer of the `feed` package, xml-js, which
 *   escapes too little (see below), each for one kind of place in the document; `xmlEscaped`
 *   escapes completely, for writers that escape nothing themselves.
 */

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Cheap pre-check: most text has none of the characters XML_INVALID looks for.
const MAYBE_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function cleanText(text: string): string {
  return MAYBE_INVALID.test(text) ? text.replace(XML_INVALID, '') : text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/g;
const HTML_TEXT_SPECIAL = /[&<>]/g;

/** The text cleaned for XML, with the characters `special` finds replaced from HTML_ESCAPES. */
function htmlEscaped(text: string, special: RegExp): string {
  const clean = cleanText(text);
  // `search` is the cheap pre-check: most text has none of them (it ignores the regex's lastIndex).
  return clean.search(special) === -1 ? clean : clean.replace(special, (c) => HTML_ESCAPES[c]!);
}

/** Escape text for HTML element content or a double-quoted attribute (and clean it for XML). */
export function escapeHtml(text: string): string {
  return htmlEscaped(text, HTML_SPECIAL);
}

/**
 * Escape text for HTML element content only (and clean it for XML): `&`, `<` and `>`. Quotes stay as
 * they are, which they may there, so a view that shows the text as written (feed.css for RSS and Atom
 * item titles and summaries) reads "its hand on the trigger" rather than &quot;its hand on the trigger&quot;.
 * Not for attribute values.
 */
export function escapeHtmlText(text: string): string {
  return htmlEscaped(text, HTML_TEXT_SPECIAL);
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

// ---------------------------------------------------------------- values for the RSS and Atom documents

/*
 * xml-js, the XML writer inside `feed`, escapes too little for data:
 * - element text: it first turns every `&amp;` back into `&` ("desanitising"), then escapes `&`,
 *   `<` and `>`, so a literal `&amp;` in the data would read back as `&`;
 * - attribute values: it escapes `"` only, so a `&` or `<` in the data makes the document ill-formed;
 * - CDATA: it splits only the first `]]>`, so a second one ends the section and lets the rest of
 *   the data be read as markup;
 * - it keeps characters XML 1.0 cannot carry, and a raw CR (read back as LF).
 * Every value that reaches it is therefore prepared for the place it goes to, so that a reader
 * gets back exactly the prepared text, and no data can make markup or break the document.
 */

const LINE_BREAKS = /\r\n?/g;

/** Text without XML-invalid characters and with CR LF and CR as LF, as an XML reader would see it. */
function xmlReadable(text: string): string {
  const clean = cleanText(text);
  return clean.includes('\r') ? clean.replace(LINE_BREAKS, '\n') : clean;
}

/**
 * Element text for xml-js: with every `&` escaped here, its "`&amp;` back to `&`" step gives back
 * exactly the text, and its own escaping is then complete.
 */
export function xmlJsText(text: string): string {
  const readable = xmlReadable(text);
  return readable.includes('&') ? readable.replace(/&/g, '&amp;') : readable;
}

const SPECIAL = /[&<>"\t\n]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/**
 * Text or an attribute value escaped completely, for writers that add no escaping of their own:
 * xml-js attribute values (it escapes `"` only, and none is left) and what rss-atom-extras.ts adds
 * to a document. Tab and LF become character references, which attribute-value normalisation
 * leaves alone (it would turn the characters into spaces); CR LF and CR become LF, as in all text.
 */
export function xmlEscaped(value: string): string {
  const readable = xmlReadable(value);
  return SPECIAL.test(readable) ? readable.replace(/[&<>"\t\n]/g, (c) => ESCAPES[c]!) : readable;
}

/**
 * An attribute value that `feed` escapes `&` in itself before xml-js escapes `"` (Atom category
 * `term` and `label`). `<` cannot be written there as a reference (feed would escape its `&`), so
 * `<` and `>` are dropped, and tab, LF and CR become spaces, as attribute-value normalisation would
 * make them. Terms and labels are codes and country names, which have none of these; only a broken
 * stored event could bring one.
 */
export function xmlJsFeedAttribute(value: string): string {
  return cleanText(value).replace(/[<>]/g, '').replace(/[\t\n\r]/g, ' ');
}

/**
 * HTML that xml-js writes as a CDATA section (`feed` writes item titles, descriptions and content
 * so). Every `]]>` becomes `]]&gt;`, which reads the same as HTML, so no data can end the section.
 * HTML built from `escapeHtml` output has none anyway: its `>` are escaped.
 */
export function xmlJsHtmlCdata(html: string): string {
  const readable = xmlReadable(html);
  return readable.includes(']]>') ? readable.replace(/]]>/g, ']]&gt;') : readable;
}
