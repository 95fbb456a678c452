import { describe, expect, it } from 'vitest';
import { articleId, cleanUrl, normaliseInline, normaliseText, truncate } from '#commons/articles/normalise.ts';

describe('normaliseText', () => {
  it('normalises line breaks, whitespace, invisible characters and blank-line runs', () => {
    const raw = '\r\n  First\u00a0 line\t \r\nsecond\u200b line  \r\n\r\n\r\n\u000cThird\u0007 para  \n\n';
    expect(normaliseText(raw)).toBe('First line\nsecond line\n\nThird para');
  });

  it('keeps single spaces and tabs apart correctly', () => {
    expect(normaliseText('a\u00a0 b \u200b c\t\td  \n e')).toBe('a b c d\ne');
    expect(normaliseText(' \u200b lead and trail \u00a0')).toBe('lead and trail');
    expect(normaliseText('x\ry\u2028z')).toBe('x\ny\nz');
  });

  it('applies NFC', () => {
    expect(normaliseText('Gene\u0300ve')).toBe('Genève');
  });
});

describe('normaliseInline', () => {
  it('collapses all whitespace to single spaces', () => {
    expect(normaliseInline('  A\n\nB\tC\u2028D ')).toBe('A B C D');
  });
});

describe('truncate', () => {
  it('cuts at a word boundary', () => {
    expect(truncate('one two three four', 12)).toBe('one two');
    expect(truncate('short', 12)).toBe('short');
  });
});

describe('articleId', () => {
  it('is 16 hex characters of SHA-256 of the normalised text, stable across line breaks and Unicode forms', () => {
    const id = articleId('Title', 'Body para.\n\nSecond para.');
    expect(id).toMatch(/^[a-f0-9]{16}$/);
    expect(articleId('Title', normaliseText('Body  para.\r\nSecond\u00a0para.'))).toBe(id);
    expect(articleId('Title', 'Body para. Second para.')).toBe(id);
    expect(articleId(normaliseInline('Gene\u0300ve'), 'x')).toBe(articleId('Genève', 'x'));
    expect(articleId('Title', 'Other body')).not.toBe(id);
    expect(articleId('', 'Body')).toBe(articleId('Body', ''));
  });
});

describe('cleanUrl', () => {
  it('keeps absolute http(s) URLs only', () => {
    expect(cleanUrl(' https://example.com/a b ')).toBe('https://example.com/a%20b');
    expect(cleanUrl('javascript:alert(1)')).toBeUndefined();
    expect(cleanUrl('/relative/path')).toBeUndefined();
    expect(cleanUrl('data:text/html,<script>')).toBeUndefined();
    expect(cleanUrl(42)).toBeUndefined();
  });
});
