/**
 * HTML to plain text, shared by the HTML, feed, Markdown and JSON readers. Paragraph-level elements
 * become paragraphs separated by a blank line, <br> a line break; script, style, embedded objects,
 * forms and hidden elements contribute nothing; entities are decoded. The walk is iterative, so
 * absurdly deep nesting cannot overflow the stack. Parsing uses linkedom (htmlparser2 underneath).
 */
import { parseHTML } from 'linkedom';
import { MAX_FRAGMENT_ELEMENTS, MAX_MARKUP_DEPTH } from '#commons/articles/limits.ts';
import { markupStats } from '#commons/articles/markup-stats.ts';

/** Elements whose content is never text a reader sees. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'noframes', 'object', 'embed',
  'applet', 'param', 'svg', 'math', 'canvas', 'audio', 'video', 'source', 'track', 'picture', 'map', 'select',
  'option', 'datalist', 'textarea', 'button', 'input', 'head', 'title', 'meta', 'link', 'base', 'noembed', 'xml',
]);

/** Elements that start and end a paragraph. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'listing', 'plaintext', 'xmp',
]);

/** Cells are separated by a space within their row. */
const CELLS = new Set(['td', 'th']);

const END_BLOCK = 1;
const END_PRE = 2;
type Marker = typeof END_BLOCK | typeof END_PRE;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const DOCUMENT_FRAGMENT_NODE = 11;

/** One document for parsing fragments, created once per process. */
let fragmentDocument: Document | undefined;
function scratchDocument(): Document {
  fragmentDocument ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document;
  return fragmentDocument;
}

function isHidden(element: Element): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const style = element.getAttribute('style');
  return style !== null && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

function finishParagraph(buffer: string): string {
  let out = '';
  for (const raw of buffer.split('\n')) {
    const line = raw.replace(/[ \t\f\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ').trim();
    if (line) out = out ? `${out}\n${line}` : line;
  }
  return out;
}

/**
 * Plain text of a DOM node's content (linkedom or any DOM): paragraphs separated by "\n\n", lines
 * within a paragraph by "\n".
 */
export function nodeToText(root: Node): string {
  const paragraphs: string[] = [];
  let buffer = '';
  let preDepth = 0;
  const flush = (): void => {
    const paragraph = finishParagraph(buffer);
    if (paragraph) paragraphs.push(paragraph);
    buffer = '';
  };
  const stack: (Node | Marker)[] = [];
  const pushChildren = (node: Node): void => {
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item === END_BLOCK || item === END_PRE) {
      if (item === END_PRE) preDepth--;
      flush();
      continue;
    }
    if (item.nodeType === TEXT_NODE) {
      const data = (item as Text).data;
      buffer += preDepth > 0 ? data.replace(/\r\n?/g, '\n') : data.replace(/\s+/g, ' ');
      continue;
    }
    if (item.nodeType === DOCUMENT_FRAGMENT_NODE) {
      pushChildren(item);
      continue;
    }
    if (item.nodeType !== ELEMENT_NODE) continue;
    const element = item as Element;
    const tag = element.localName.toLowerCase();
    if (SKIPPED.has(tag) || isHidden(element)) continue;
    if (tag === 'br') {
      buffer += '\n';
    } else if (BLOCKS.has(tag)) {
      flush();
      if (tag === 'pre' || tag === 'listing' || tag === 'plaintext' || tag === 'xmp') {
        preDepth++;
        stack.push(END_PRE);
      } else {
        stack.push(END_BLOCK);
      }
      pushChildren(element);
    } else {
      if (CELLS.has(tag)) buffer += ' ';
      pushChildren(element);
    }
  }
  flush();
  return paragraphs.join('\n\n');
}

/** True when a string contains something that parses as a tag, comment or character reference. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[A-Za-z][^<>]{0,1000}>|<!--|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.test(text);
}

/**
 * Converts an HTML fragment or document to plain text: paragraphs separated by a blank line, no
 * markup, entities decoded, script and style content dropped.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return finishParagraph(html.replace(/\s+/g, ' '));
  const stats = markupStats(html);
  if (stats.depth > MAX_MARKUP_DEPTH || stats.elements > MAX_FRAGMENT_ELEMENTS) return stripTags(html);
  const container = scratchDocument().createElement('div');
  container.innerHTML = html;
  return nodeToText(container);
}

const RAW_BLOCK_NAMES = ['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'applet', 'svg', 'math', 'textarea', 'select', 'title', 'head', 'xmp', 'noembed', 'noframes'];
const BLOCK_TAG = new RegExp(`<\\/?(?:${[...BLOCKS].join('|')})\\b[^<>]*>`, 'gi');

/** Removes `<name ...> ... </name>` blocks with a linear scan (no backtracking on unclosed blocks). */
function removeBlocks(html: string): string {
  let out = '';
  let from = 0;
  const open = new RegExp(`<(${RAW_BLOCK_NAMES.join('|')})\\b`, 'gi');
  for (let m = open.exec(html); m; m = open.exec(html)) {
    out += html.slice(from, m.index);
    const close = new RegExp(`</${m[1]}[^<>]*>`, 'gi');
    close.lastIndex = m.index;
    const found = close.exec(html);
    if (!found) return out;
    from = found.index + found[0].length;
    open.lastIndex = from;
  }
  return out + html.slice(from);
}

/**
 * The fallback for markup too deep or too large to build a tree from: comments and script-like
 * blocks removed, block tags turned into paragraph breaks, all other tags dropped, entities decoded
 * (by parsing the now tag-free text, which is cheap).
 */
function stripTags(html: string): string {
  const withoutComments = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  const text = removeBlocks(withoutComments)
    .replace(/<br\b[^<>]*>/gi, '\n')
    .replace(BLOCK_TAG, '\n\n')
    .replace(/<\/?[A-Za-z!?][^<>]*>/g, ' ');
  const container = scratchDocument().createElement('div');
  container.innerHTML = text.replace(/</g, '&lt;');
  return (container.textContent ?? '')
    .split(/\n\s*\n/)
    .map((paragraph) => finishParagraph(paragraph))
    .filter(Boolean)
    .join('\n\n');
}

/** A value that may be HTML or plain text (feed titles, JSON bodies): HTML is converted, plain text kept. */
export function toPlainText(text: string): string {
  return looksLikeHtml(text) ? htmlToText(text) : text;
}
