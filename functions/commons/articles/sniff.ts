/**
 * Which format a file is: told apart by content first (binary signatures, the markup root element,
 * YAML front matter, JSON brackets), by extension second, by Content-Type third and by weak content
 * hints (a Markdown heading) last.
 */
import type { ArticleFormat } from '#schemas/event.ts';
import { jsonDepth } from '#commons/articles/json-depth.ts';
import { MAX_JSON_DEPTH } from '#commons/articles/limits.ts';

interface Signature {
  name: string;
  offset: number;
  bytes: number[];
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** File signatures of formats that are never articles (all checked at their offset). */
const SIGNATURES: Signature[] = [
  { name: 'a PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a GZIP archive', offset: 0, bytes: [0x1f, 0x8b] },
  { name: 'a ZIP archive (or DOCX/XLSX/EPUB)', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'an empty ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'a spanned ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x07, 0x08] },
  { name: 'a PDF document', offset: 0, bytes: ascii('%PDF-') },
  { name: 'a JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', offset: 0, bytes: ascii('GIF87a') },
  { name: 'a GIF image', offset: 0, bytes: ascii('GIF89a') },
  { name: 'a WebP image', offset: 8, bytes: ascii('WEBP') },
  { name: 'a BZIP2 archive', offset: 4, bytes: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59] },
  { name: 'a 7-Zip archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'an XZ archive', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'a Zstandard archive', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'a RAR archive', offset: 0, bytes: ascii('Rar!\x1a\x07') },
  { name: 'an ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a Windows executable', offset: 0, bytes: ascii('MZ\x90\x00') },
  { name: 'a Java class file', offset: 0, bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'an old Office document', offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'an MP4/QuickTime file', offset: 4, bytes: ascii('ftyp') },
  { name: 'an Ogg file', offset: 0, bytes: ascii('OggS\x00') },
  { name: 'an SQLite database', offset: 0, bytes: ascii('SQLite format 3\x00') },
  { name: 'a WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
];

/** Names the binary format the bytes start with, or undefined when they do not look binary by signature. */
export function binarySignature(bytes: Uint8Array): string | undefined {
  outer: for (const sig of SIGNATURES) {
    if (bytes.length < sig.offset + sig.bytes.length) continue;
    for (let i = 0; i < sig.bytes.length; i++) if (bytes[sig.offset + i] !== sig.bytes[i]) continue outer;
    return sig.name;
  }
  return undefined;
}

/** The lower-cased extension of a key or path (without the dot), ignoring a `#n` suffix; '' when none. */
export function extensionOf(key: string): string {
  const name = key.replace(/#\d+$/, '').split(/[/\\]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const BY_EXTENSION: Record<string, ArticleFormat> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  json: 'json',
  xml: 'feed',
  rss: 'feed',
  atom: 'feed',
  rdf: 'feed',
};

/** The format an extension names, or undefined. */
export function formatOfExtension(ext: string): ArticleFormat | undefined {
  return BY_EXTENSION[ext];
}

/** The format a Content-Type names, or undefined (generic types such as application/octet-stream say nothing). */
export function formatOfContentType(contentType: string | undefined): ArticleFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return undefined;
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'markdown';
  if (type === 'text/xml' || type === 'application/xml' || type.endsWith('+xml')) return 'feed';
  if (type === 'text/plain') return 'text';
  return undefined;
}

export interface Prolog {
  /** Lower-cased name of the first element (with any namespace prefix), '' when there is none. */
  root: string;
  /** Index of the root element's '<' (or the end of the scanned head). */
  rootStart: number;
  /** Every DOCTYPE declaration before the root, verbatim. */
  doctypes: string[];
}

/** How far into a document the prolog (declarations, comments, DOCTYPE) is looked for. */
const PROLOG_LIMIT = 64 * 1024;

/**
 * Reads the prolog of a markup document: XML declarations, processing instructions, comments and
 * DOCTYPEs (with internal subsets), up to the root element. Undefined when the text does not start
 * with markup.
 */
export function scanProlog(text: string): Prolog | undefined {
  const doctypes: string[] = [];
  const limit = Math.min(text.length, PROLOG_LIMIT);
  let i = 0;
  for (;;) {
    while (i < limit && /\s/.test(text[i]!)) i++;
    if (i >= limit || text[i] !== '<') return doctypes.length > 0 || i > 0 ? { root: '', rootStart: i, doctypes } : undefined;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return { root: '', rootStart: i, doctypes };
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return { root: '', rootStart: i, doctypes };
      i = end + 3;
    } else if (/^<!doctype/i.test(text.slice(i, i + 9))) {
      const end = doctypeEnd(text, i);
      doctypes.push(text.slice(i, end));
      i = end;
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
      return match ? { root: match[1]!.toLowerCase(), rootStart: i, doctypes } : i === 0 ? undefined : { root: '', rootStart: i, doctypes };
    }
  }
}

/** End (exclusive) of a DOCTYPE starting at `start`, skipping quoted literals and an internal subset. */
function doctypeEnd(text: string, start: number): number {
  let depth = 0;
  let quote = '';
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '[') {
      depth++;
    } else if (c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === '>' && depth === 0) {
      return i + 1;
    }
  }
  return text.length;
}

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:rdf', 'rdf', 'channel']);
const HTML_ROOTS = new Set([
  'html', 'head', 'body', 'meta', 'title', 'link', 'script', 'style', 'base',
  'article', 'section', 'main', 'header', 'footer', 'nav', 'aside', 'div', 'span', 'p', 'a', 'b', 'i', 'em',
  'strong', 'br', 'hr', 'img', 'figure', 'figcaption', 'blockquote', 'pre', 'ul', 'ol', 'li', 'table',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'font', 'center', 'form', 'iframe', 'noscript', 'template',
]);

function classifyRoot(prolog: Prolog): 'feed' | 'html' | 'xml' {
  const root = prolog.root;
  if (FEED_ROOTS.has(root) || root.endsWith(':rdf')) return 'feed';
  if (HTML_ROOTS.has(root) || prolog.doctypes.some((d) => /^<!doctype\s+html\b/i.test(d))) return 'html';
  return 'xml';
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** The YAML front matter block of a Markdown file (between `---` lines at the very top), if any. */
export function frontMatterOf(text: string): { yaml: string; rest: string } | undefined {
  if (!text.startsWith('---')) return undefined;
  const match = FRONT_MATTER.exec(text.slice(0, 64 * 1024));
  if (!match) return undefined;
  return { yaml: match[1] ?? '', rest: text.slice(match[0].length) };
}

function looksLikeFrontMatter(text: string): boolean {
  const fm = frontMatterOf(text);
  return fm !== undefined && /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/m.test(fm.yaml);
}

function looksLikeJson(text: string): boolean {
  const start = text.search(/\S/);
  if (start === -1) return false;
  const first = text[start];
  let end = text.length - 1;
  while (end > start && /\s/.test(text[end]!)) end--;
  const last = text[end];
  if (first === '{') return last === '}';
  if (first === '[') return last === ']' && /^\[\s*[{\]]/.test(text.slice(start, start + 64));
  return false;
}

/** Whether a text that looks like JSON really is (so "{Update} ... {end}" in a .txt stays text). */
function parsesAsJson(text: string): boolean {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return true; // the JSON reader rejects it clearly
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides how to read a decoded text. Strong content signals win (a feed or HTML root element, front
 * matter, a JSON object or array of objects); then the extension; then the Content-Type; then weak
 * content hints. A markup root that is neither feed nor HTML goes by extension, else is read as HTML.
 */
export function sniffFormat(text: string, ext: string, contentType?: string): ArticleFormat {
  const prolog = scanProlog(text);
  const byExtension = formatOfExtension(ext);
  if (prolog && prolog.root) {
    const kind = classifyRoot(prolog);
    if (kind !== 'xml') return kind;
    if (byExtension === 'feed' || byExtension === 'html') return byExtension;
    return formatOfContentType(contentType) === 'feed' ? 'feed' : 'html';
  }
  if (looksLikeFrontMatter(text)) return 'markdown';
  if (looksLikeJson(text) && (byExtension === 'json' || parsesAsJson(text))) return 'json';
  if (byExtension) return byExtension;
  const byType = formatOfContentType(contentType);
  if (byType) return byType;
  if (/^\s*#{1,6} \S/.test(text)) return 'markdown';
  return 'text';
}
