/**
 * Bytes to text. Order: byte-order mark, then valid UTF-8 (which wins over any declaration, because
 * a legacy encoding practically never produces valid multi-byte UTF-8), then the declared charset
 * (Content-Type, XML prolog, HTML meta), then detection with chardet. Mixed encodings and
 * undecodable bytes are rejected, never guessed into mojibake.
 */
import chardet from 'chardet';
import { decode as decodeWindows1252 } from 'windows-1252';
import { fail } from '#commons/articles/errors.ts';

export interface Decoded {
  text: string;
  /** The encoding the text was decoded from, as a WHATWG-style label. */
  encoding: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });

/** Labels that mean "Windows-1252" in practice (WHATWG: latin1 and ASCII labels decode as windows-1252). */
const WINDOWS_1252_LABELS = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso-ir-100',
  'latin1',
  'latin-1',
  'l1',
  'cp819',
  'ibm819',
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'windows-1252',
  'cp1252',
  'x-cp1252',
]);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8']);
const UTF16_LABELS = new Set(['utf-16', 'utf16', 'utf-16le', 'utf16le', 'ucs-2', 'utf-16be', 'utf16be']);

/** Lowest chardet confidence (0-100) taken as a detection at all. */
const MIN_DETECT_CONFIDENCE = 10;
/** Share of replacement and control characters above which decoded text is garbage. */
const MAX_GARBAGE_SHARE = 0.01;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The charset parameter of a Content-Type header, lower-cased. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

/** The encoding a document declares about itself in its first bytes (XML prolog or HTML meta). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = asBuffer(bytes).subarray(0, 4096).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (xml?.[1]) return xml[1].toLowerCase();
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1]?.toLowerCase();
}

/**
 * The legacy encoding we decode: windows-1252, which by the Encoding Standard also covers the latin1
 * and ASCII labels. Other legacy encodings are rejected with a reason: a full encoding library
 * (iconv-lite, 480 KB of tables) does not fit the 1.5 MB Lambda bundle, and Node's TextDecoder
 * decodes windows-1252 as latin1 on some builds (seen with Debian's Node 20).
 */
function usableLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const lower = label.toLowerCase();
  if (UTF8_LABELS.has(lower)) return 'utf-8';
  if (WINDOWS_1252_LABELS.has(lower)) return 'windows-1252';
  if (UTF16_LABELS.has(lower) || lower.startsWith('utf-32') || lower.startsWith('ucs-4')) return undefined;
  return undefined;
}

/** Encodings with one byte per character, where "valid UTF-8 sequences inside" means mixed input. */
function isSingleByte(label: string): boolean {
  return /^(?:windows-12\d\d|iso-8859-\d+|koi8-[ru]|cp\d+|macintosh|x-mac-.*)$/.test(label);
}

/** Counts well-formed UTF-8 multi-byte sequences and stray high bytes. */
function utf8Census(bytes: Uint8Array): { multi: number; invalid: number } {
  let multi = 0;
  let invalid = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      multi++;
      i += need;
    } else {
      invalid++;
    }
  }
  return { multi, invalid };
}

const GARBAGE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\ufffd]/g;

/** Share of characters that no text should contain: replacement characters and C0/C1 controls. */
export function garbageShare(text: string): number {
  if (text.length === 0) return 0;
  GARBAGE.lastIndex = 0;
  if (!GARBAGE.test(text)) return 0;
  const count = text.match(GARBAGE)?.length ?? 0;
  return count / text.length;
}

function checked(text: string, encoding: string): Decoded {
  const share = garbageShare(text);
  if (share > MAX_GARBAGE_SHARE) {
    fail(
      'encoding',
      `Decoding as ${encoding} leaves ${(share * 100).toFixed(1)}% control or replacement characters; save the file as UTF-8.`,
    );
  }
  return { text, encoding };
}

function decodeStrict(decoder: TextDecoder, bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('encoding', `The file announces ${what} but its bytes are not valid ${what}; save it again as UTF-8.`);
  }
}

/**
 * Decodes bytes to a string (without a BOM). Throws a ReadError with reason 'binary' for NUL bytes
 * outside UTF-16 and 'encoding' for mixed, undeclared-and-undetectable or undecodable bytes.
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string): Decoded {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (bytes.length >= 4 && ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff))) {
    fail('encoding', 'The file is UTF-32, which is not supported; save it as UTF-8.');
  }
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    return checked(decodeStrict(utf8, bytes.subarray(3), 'UTF-8 (byte-order mark)'), 'utf-8');
  }
  if (b0 === 0xff && b1 === 0xfe) return checked(decodeStrict(utf16le, bytes.subarray(2), 'UTF-16LE (byte-order mark)'), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return checked(decodeStrict(utf16be, bytes.subarray(2), 'UTF-16BE (byte-order mark)'), 'utf-16be');

  const headerCharset = charsetOf(contentType);
  if (headerCharset === 'utf-16le' || headerCharset === 'utf-16be') {
    const decoder = headerCharset === 'utf-16le' ? utf16le : utf16be;
    return checked(decodeStrict(decoder, bytes, headerCharset.toUpperCase()), headerCharset);
  }

  if (asBuffer(bytes).indexOf(0) !== -1) {
    fail('binary', 'The file contains NUL bytes, so it is binary data (or UTF-16 without a byte-order mark), not text.');
  }

  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Not UTF-8: go on to the declared or detected legacy encoding.
  }
  if (text !== undefined) {
    if (garbageShare(text) > MAX_GARBAGE_SHARE) {
      fail('binary', 'The file is full of control characters, so it is binary data, not text.');
    }
    return { text, encoding: 'utf-8' };
  }

  const declared = usableLabel(headerCharset) ?? usableLabel(declaredCharset(bytes));
  let encoding = declared && declared !== 'utf-8' ? declared : undefined;
  if (!encoding) {
    for (const match of chardet.analyse(bytes)) {
      if (match.confidence < MIN_DETECT_CONFIDENCE) break;
      const label = usableLabel(match.name);
      if (label && label !== 'utf-8') {
        encoding = label;
        break;
      }
    }
  }
  if (!encoding) {
    fail('encoding', 'The file is neither UTF-8, UTF-16 nor Windows-1252/ISO-8859-1 (declared or detected); save it as UTF-8.');
  }
  if (isSingleByte(encoding)) {
    const { multi, invalid } = utf8Census(bytes);
    if (multi >= 2 && multi * 20 >= invalid) {
      fail(
        'encoding',
        `The file mixes UTF-8 (${multi} multi-byte characters) with ${encoding} bytes (${invalid}); save it in one encoding, preferably UTF-8.`,
      );
    }
  }
  return checked(decodeWindows1252(bytes), encoding);
}
