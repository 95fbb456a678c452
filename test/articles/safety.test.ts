import { describe, expect, it } from 'vitest';
import { ReadError } from '#commons/articles/errors.ts';
import { assertSafeMarkup, scrubText } from '#commons/articles/safety.ts';
import { scanProlog } from '#commons/articles/sniff.ts';

const verdict = (xml: string): string => {
  try {
    assertSafeMarkup(scanProlog(xml));
    return 'safe';
  } catch (error) {
    return error instanceof ReadError ? error.reason : 'threw';
  }
};

describe('assertSafeMarkup', () => {
  it('rejects entity declarations (billion laughs) and external entities', () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss>&lol2;</rss>';
    expect(verdict(lol)).toBe('unsafe');
    expect(verdict('<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]><rss>&xxe;</rss>')).toBe('unsafe');
    expect(verdict('<!-- first --><!doctype rss [<!entity e "x">]><rss/>')).toBe('unsafe');
  });

  it('rejects an external DTD outside the web', () => {
    expect(verdict('<!DOCTYPE rss SYSTEM "file:///etc/passwd"><rss/>')).toBe('unsafe');
  });

  it('accepts ordinary DOCTYPEs', () => {
    expect(verdict('<!DOCTYPE html><html></html>')).toBe('safe');
    expect(verdict('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss/>')).toBe('safe');
    expect(verdict('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><html/>')).toBe('safe');
    expect(verdict('<rss><![CDATA[<!DOCTYPE x [<!ENTITY a "b">]>]]></rss>')).toBe('safe');
  });
});

describe('scrubText', () => {
  it('removes active content that survived as literal text', () => {
    const scrubbed = scrubText('safe <script type="text/javascript">alert(1)</script> <img src=x onerror=alert(1)> javascript:void(0) x:expression(alert(1))');
    expect(scrubbed).not.toMatch(/<script|onerror=|javascript:|expression\(/i);
    expect(scrubbed).toContain('safe');
  });

  it('does not let nested tricks reassemble', () => {
    expect(scrubText('javajavascript:script:alert(1)')).not.toMatch(/javascript:/i);
    expect(scrubText('<scr<script>ipt>')).not.toMatch(/<script/i);
  });

  it('leaves prose alone', () => {
    const prose = 'Kerry said: "the truce (a cessation of hostilities) holds"; 3 < 4 and one = one. Freedom of expression (Article 19).';
    expect(scrubText(prose)).toBe(prose);
  });
});
