/**
 * A linear pre-scan of HTML that counts elements and estimates nesting depth without parsing, so
 * that pathological markup is turned away before linkedom (whose tree building slows down with
 * depth) or Readability (whose cost grows with elements times depth) ever see it.
 */

/** Elements without an end tag. */
const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'keygen', 'command', 'basefont', 'bgsound', 'frame', 'isindex', 'spacer', 'image',
]);
/** Elements whose end tag is usually implied; they are counted but do not deepen the estimate. */
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'rb', 'rt', 'rp', 'rtc']);
/** Elements whose content is raw text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

export interface MarkupStats {
  /** Start tags seen. */
  elements: number;
  /** Deepest nesting of explicitly closed elements seen. */
  depth: number;
}

const NAME_CHAR = /[A-Za-z0-9:_-]/;

/** Index of the '>' ending a tag that starts before `from`, or -1 when a '<' or the end comes first. */
function tagEnd(html: string, from: number): number {
  for (let k = from; k < html.length; k++) {
    const c = html.charCodeAt(k);
    if (c === 0x3e) return k;
    if (c === 0x3c) return -1;
  }
  return -1;
}

/** Counts start tags and estimates the deepest nesting. Linear in the length of the text. */
export function markupStats(html: string): MarkupStats {
  let elements = 0;
  let depth = 0;
  let max = 0;
  let i = html.indexOf('<');
  while (i !== -1 && i < html.length - 1) {
    const next = html[i + 1]!;
    if (next === '!') {
      if (html.startsWith('<!--', i)) {
        const end = html.indexOf('-->', i + 4);
        if (end === -1) break;
        i = html.indexOf('<', end + 3);
      } else {
        const end = tagEnd(html, i + 2);
        i = html.indexOf('<', end === -1 ? i + 1 : end + 1);
      }
      continue;
    }
    const closing = next === '/';
    let j = closing ? i + 2 : i + 1;
    const nameStart = j;
    while (j < html.length && NAME_CHAR.test(html[j]!)) j++;
    if (j === nameStart || !/[A-Za-z]/.test(html[nameStart]!)) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    const end = tagEnd(html, j);
    if (end === -1) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    if (closing) {
      if (!VOID.has(name) && !IMPLIED_END.has(name) && depth > 0) depth--;
      i = html.indexOf('<', end + 1);
      continue;
    }
    elements++;
    const selfClosing = html[end - 1] === '/';
    if (!selfClosing && !VOID.has(name) && !IMPLIED_END.has(name)) {
      depth++;
      if (depth > max) max = depth;
    }
    if (RAW_TEXT.has(name) && !selfClosing) {
      const close = new RegExp(`</${name}[\\s>/]`, 'ig');
      close.lastIndex = end + 1;
      const found = close.exec(html);
      if (!found) break;
      depth = Math.max(0, depth - 1);
      i = html.indexOf('<', found.index + 2);
      continue;
    }
    i = html.indexOf('<', end + 1);
  }
  return { elements, depth: max };
}
