/**
 * Two guards against hostile markup. `assertSafeMarkup` rejects documents whose DOCTYPE declares
 * entities (billion laughs, external entities) or points at a non-web DTD, before any parser sees
 * them. `scrubText` is the last line of defence on text that is already plain: it removes what would
 * become active content if some consumer pasted the text into HTML unescaped (a double-escaped
 * `&lt;script&gt;` in a feed decodes to the literal text "<script>").
 */
import { fail } from '#commons/articles/errors.ts';
import type { Prolog } from '#commons/articles/sniff.ts';

/** Throws 'unsafe' for DOCTYPEs with entity declarations or an external DTD outside http(s). */
export function assertSafeMarkup(prolog: Prolog | undefined): void {
  if (!prolog) return;
  for (const doctype of prolog.doctypes) {
    if (/<!ENTITY/i.test(doctype)) {
      fail('unsafe', 'The document type declaration defines entities (an entity-expansion or external-entity attack); remove the DOCTYPE.');
    }
    const literals = doctype.match(/(?:SYSTEM|PUBLIC)\s+(?:"[^"]*"|'[^']*')(?:\s+(?:"[^"]*"|'[^']*'))?/gi) ?? [];
    for (const literal of literals) {
      const uris = literal.match(/["']([^"']*)["']/g) ?? [];
      const system = uris.length > 0 ? uris[uris.length - 1]!.slice(1, -1).trim() : '';
      const isPublicIdOnly = /^PUBLIC/i.test(literal) && uris.length === 1;
      if (!isPublicIdOnly && /^[a-z][\w+.-]*:/i.test(system) && !/^https?:/i.test(system)) {
        fail('unsafe', `The document type declaration loads a DTD from "${system.slice(0, 60)}", which is not a web address; remove the DOCTYPE.`);
      }
    }
  }
}

const ACTIVE_NAMES =
  'script|iframe|frame|frameset|object|embed|applet|meta|link|base|style|svg|math|form|input|button|textarea|select|img|video|audio|source|template|noscript|xml|import';
const ACTIVE_TAG = new RegExp(`<\\s*\\/?\\s*(?:${ACTIVE_NAMES})\\b[^<>]{0,1000}>`, 'gi');
const ACTIVE_TAG_START = new RegExp(`<(\\s*\\/?\\s*(?:${ACTIVE_NAMES}))`, 'gi');
const SCRIPT_SCHEME = /(?:java|vb|live|ecma)script\s*:/gi;
const HANDLER_ATTRIBUTE = /on[a-z]{3,30}\s*=/gi;
const CSS_EXPRESSION = /\bexpression\(/gi;
const DATA_HTML = /\bdata\s*:\s*text\/html/gi;

const SCHEME_OR_EXPRESSION = /script\s*:|expression\(|data\s*:\s*text\/html/i;

/** One scan that finds anything scrubOnce could change. */
const SUSPECT = new RegExp(`<\\s*\\/?\\s*(?:${ACTIVE_NAMES})|script\\s*:|on[a-z]{3,30}\\s*=|expression\\(|data\\s*:\\s*text\\/html`, 'i');

function scrubOnce(text: string): string {
  return text
    .replace(ACTIVE_TAG, ' ')
    .replace(ACTIVE_TAG_START, '$1')
    .replace(SCRIPT_SCHEME, '')
    .replace(HANDLER_ATTRIBUTE, '')
    .replace(CSS_EXPRESSION, '')
    .replace(DATA_HTML, '');
}

/**
 * Removes tag-like sequences of active elements, script URL schemes, event-handler attributes and
 * CSS expressions from plain text. Ordinary prose is left alone (it never contains these). Repeats
 * until nothing changes, so nested tricks ("javajavascript:script:") do not reassemble; input that
 * still changes after ten passes is hostile and loses every '<', '=', '(' and ':' character.
 */
export function scrubText(text: string): string {
  // Cheap native scans first: prose rarely has '<' or '=', and the rest needs "script:"-like text.
  if (!text.includes('<') && !text.includes('=') && !SCHEME_OR_EXPRESSION.test(text)) return text;
  if (!SUSPECT.test(text)) return text;
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const next = scrubOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current.replace(/[<=(:]/g, ' ');
}
