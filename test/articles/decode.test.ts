import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetOf, declaredCharset, decodeBytes, garbageShare } from '#commons/articles/decode.ts';
import { ReadError } from '#commons/articles/errors.ts';
import { utf8 } from './helpers.ts';

const FRENCH = 'Le cessez-le-feu négocié à Genève — « très fragile », selon les diplomates. Café, naïveté, 20 €.';

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ReadError ? error.reason : `threw ${String(error)}`;
  }
  return undefined;
}

describe('decodeBytes', () => {
  it('reads UTF-8, with and without a byte-order mark', () => {
    expect(decodeBytes(utf8(FRENCH))).toEqual({ text: FRENCH, encoding: 'utf-8' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(FRENCH)]);
    expect(decodeBytes(withBom)).toEqual({ text: FRENCH, encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with a byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(FRENCH, 'utf-16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(FRENCH, 'utf-16be')]);
    expect(decodeBytes(le)).toEqual({ text: FRENCH, encoding: 'utf-16le' });
    expect(decodeBytes(be)).toEqual({ text: FRENCH, encoding: 'utf-16be' });
  });

  it('reads Windows-1252 when detected, declared in Content-Type, an XML prolog or an HTML meta tag', () => {
    const bytes = iconv.encode(FRENCH, 'windows-1252');
    expect(decodeBytes(bytes).text).toBe(FRENCH);
    expect(decodeBytes(bytes, 'text/plain; charset=windows-1252')).toEqual({ text: FRENCH, encoding: 'windows-1252' });
    const xml = iconv.encode(`<?xml version="1.0" encoding="windows-1252"?><p>${FRENCH}</p>`, 'windows-1252');
    expect(decodeBytes(xml).text).toContain(FRENCH);
    const html = iconv.encode(`<html><head><meta charset="windows-1252"></head><body>${FRENCH}</body></html>`, 'windows-1252');
    expect(decodeBytes(html).text).toContain(FRENCH);
  });

  it('reads ISO-8859-1 as declared (decoded as its superset windows-1252)', () => {
    const text = 'Jornal de Notícias - Últimas Notícias. Informação e opinião.';
    const xml = iconv.encode(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>${text}</title></channel></rss>`, 'latin1');
    const decoded = decodeBytes(xml);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toContain(text);
    expect(decodeBytes(iconv.encode(text, 'latin1'), 'text/plain; charset=iso-8859-1').text).toBe(text);
  });

  it('prefers valid UTF-8 over a wrong legacy declaration', () => {
    const xml = utf8(`<?xml version="1.0" encoding="ISO-8859-1"?><p>${FRENCH}</p>`);
    expect(decodeBytes(xml).text).toContain(FRENCH);
  });

  it('rejects a mix of UTF-8 and Windows-1252 as an encoding problem', () => {
    const mixed = Buffer.concat([Buffer.from(utf8(`${FRENCH}\n`)), iconv.encode(`${FRENCH}\n`, 'windows-1252')]);
    expect(reason(() => decodeBytes(mixed))).toBe('encoding');
  });

  it('keeps a Windows-1252 text that happens to contain one UTF-8-like pair ("ß”")', () => {
    const text = 'Die Waffenruhe sei „groß”, sagte er. Die Gespräche in München gehen weiter, über die Einzelheiten wird noch verhandelt.';
    expect(decodeBytes(iconv.encode(text, 'windows-1252')).text).toBe(text);
  });

  it('rejects broken UTF-8 after a UTF-8 BOM and odd-length UTF-16', () => {
    expect(reason(() => decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff, 0xfe, 0x42])))).toBe('encoding');
    expect(reason(() => decodeBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42])))).toBe('encoding');
  });

  it('rejects UTF-32 and NUL bytes', () => {
    expect(reason(() => decodeBytes(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])))).toBe('encoding');
    expect(reason(() => decodeBytes(new Uint8Array([0x41, 0x00, 0x42])))).toBe('binary');
  });

  it('rejects valid UTF-8 that is mostly control characters as binary', () => {
    expect(reason(() => decodeBytes(new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 8) + 1))))).toBe('binary');
  });

  it('rejects undecodable high-byte garbage', () => {
    const garbage = new Uint8Array(Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x20)));
    expect(reason(() => decodeBytes(garbage))).toBe('encoding');
  });
});

describe('charset helpers', () => {
  it('reads the charset of a Content-Type', () => {
    expect(charsetOf('text/html; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('text/html')).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });

  it('reads in-document declarations', () => {
    expect(declaredCharset(utf8("<?xml version='1.0' encoding='Windows-1252'?><rss/>"))).toBe('windows-1252');
    expect(declaredCharset(utf8('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'))).toBe('iso-8859-1');
    expect(declaredCharset(utf8('plain text'))).toBeUndefined();
  });

  it('measures garbage', () => {
    expect(garbageShare('clean text')).toBe(0);
    expect(garbageShare('\ufffd\ufffdab')).toBe(0.5);
  });
});
