import { describe, expect, it } from 'vitest';
import { binarySignature, extensionOf, frontMatterOf, scanProlog, sniffFormat } from '#commons/articles/sniff.ts';

describe('binarySignature', () => {
  it('recognises PNG, GZIP, ZIP and PDF', () => {
    expect(binarySignature(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('a PNG image');
    expect(binarySignature(new Uint8Array([0x1f, 0x8b, 0x08, 0]))).toBe('a GZIP archive');
    expect(binarySignature(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14]))).toMatch(/ZIP/);
    expect(binarySignature(new TextEncoder().encode('%PDF-1.7\n'))).toBe('a PDF document');
  });

  it('leaves text alone', () => {
    expect(binarySignature(new TextEncoder().encode('PK is not a zip'))).toBeUndefined();
    expect(binarySignature(new Uint8Array([]))).toBeUndefined();
  });
});

describe('extensionOf', () => {
  it('takes the lower-cased extension of the last path segment', () => {
    expect(extensionOf('inbox/2016/Article.TXT')).toBe('txt');
    expect(extensionOf('feed.xml#3')).toBe('xml');
    expect(extensionOf('inbox/no-extension')).toBe('');
    expect(extensionOf('inbox.d/.hidden')).toBe('');
  });
});

describe('scanProlog', () => {
  it('skips declarations, processing instructions, comments and DOCTYPEs to the root', () => {
    const prolog = scanProlog('<?xml version="1.0"?>\n<!-- c <rss> -->\n<!DOCTYPE x [ <!ENTITY a "b"> ]>\n<rdf:RDF xmlns:rdf="x">');
    expect(prolog?.root).toBe('rdf:rdf');
    expect(prolog?.doctypes).toEqual(['<!DOCTYPE x [ <!ENTITY a "b"> ]>']);
  });

  it('says undefined for text that does not start with markup', () => {
    expect(scanProlog('Hello <b>world</b>')).toBeUndefined();
    expect(scanProlog('<3 Syria')).toBeUndefined();
  });
});

describe('frontMatterOf', () => {
  it('splits YAML front matter from the rest', () => {
    expect(frontMatterOf('---\ntitle: x\n---\nbody')).toEqual({ yaml: 'title: x', rest: 'body' });
    expect(frontMatterOf('\n---\ntitle: x\n---\n')).toBeUndefined();
  });
});

describe('sniffFormat: content first, extension second', () => {
  it('recognises feeds and HTML by their root element whatever the extension', () => {
    expect(sniffFormat('<?xml version="1.0"?><rss version="2.0"></rss>', 'txt')).toBe('feed');
    expect(sniffFormat('<!-- header -->\n<feed xmlns="http://www.w3.org/2005/Atom"/>', '')).toBe('feed');
    expect(sniffFormat('<!DOCTYPE html><html><body>x</body></html>', 'xml')).toBe('html');
    expect(sniffFormat('<p>Paragraph</p>', 'txt')).toBe('html');
  });

  it('recognises front matter and JSON whatever the extension', () => {
    expect(sniffFormat('---\ntitle: T\npublished: 2016-01-01\n---\nBody', 'txt')).toBe('markdown');
    expect(sniffFormat('{"title": "T", "body": "B"}', 'txt')).toBe('json');
    expect(sniffFormat('[{"title": "T"}]', '')).toBe('json');
    expect(sniffFormat('{Update} Truce holds {end}', 'txt')).toBe('text');
    expect(sniffFormat('{"title": "T",}', 'json')).toBe('json');
  });

  it('falls back to the extension, then the Content-Type, then weak hints', () => {
    expect(sniffFormat('[Reuters] Truce holds', 'txt')).toBe('text');
    expect(sniffFormat('not json at all', 'json')).toBe('json');
    expect(sniffFormat('# Heading\n\nBody', 'md')).toBe('markdown');
    expect(sniffFormat('Plain words', '', 'text/html; charset=utf-8')).toBe('html');
    expect(sniffFormat('# Heading\n\nBody', 'dat')).toBe('markdown');
    expect(sniffFormat('Title\n\nBody', 'dat')).toBe('text');
  });

  it('reads an unknown XML root by extension', () => {
    expect(sniffFormat('<note><to>x</to></note>', 'xml')).toBe('feed');
    expect(sniffFormat('<note><to>x</to></note>', 'txt')).toBe('html');
  });

  it('does not take a text with --- separators for front matter (seed 004)', () => {
    expect(sniffFormat('\n\n---\n\nUS, Russia work to hold fragile Syria cease-fire together\n\n09/05/2016\n', 'txt')).toBe('text');
    expect(sniffFormat('---\n\nA title\n\nA paragraph.\n\n---\n', 'txt')).toBe('text');
  });
});
