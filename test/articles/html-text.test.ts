import { describe, expect, it } from 'vitest';
import { htmlToText, looksLikeHtml, toPlainText } from '#commons/articles/html-text.ts';

describe('htmlToText', () => {
  it('turns blocks into paragraphs and <br> into line breaks', () => {
    expect(htmlToText('<h2>Head</h2><p>One <b>bold</b>\n word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul>')).toBe(
      'Head\n\nOne bold word.\n\nTwo\nlines\n\na\n\nb',
    );
  });

  it('drops script, style, embedded objects, forms and hidden elements', () => {
    const html =
      '<p>safe<script>alert(1)</script> text</p><style>p{}</style><iframe src="x">frame</iframe><object>obj</object>' +
      '<div hidden>hidden</div><div style="display: none">none</div><noscript>ns</noscript><select><option>o</option></select>';
    expect(htmlToText(html)).toBe('safe text');
  });

  it('decodes entities and leaves no markup', () => {
    expect(htmlToText('AT&amp;T &lt;b&gt; &quot;q&quot; &#8212; &nbsp;x')).toBe('AT&T <b> "q" — x');
    expect(htmlToText('<a href="javascript:alert(1)" onclick="x()">link</a>')).toBe('link');
  });

  it('survives markup that closes its container or is malformed', () => {
    expect(htmlToText('x</div></body></html><p>after</p>tail')).toBe('x\n\nafter\n\ntail');
    expect(htmlToText('<p>unclosed <b>bold')).toBe('unclosed bold');
    expect(htmlToText('<![CDATA[<script></script>]]>')).toBe('');
  });

  it('falls back to tag stripping for absurdly deep markup, without overflowing the stack', () => {
    const deep = '<div>'.repeat(100_000) + 'deep <b>text</b><script>evil()</script>' + '</div>'.repeat(100_000);
    expect(htmlToText(deep)).toBe('deep text');
  });

  it('collapses whitespace of markup-free input like HTML does', () => {
    expect(htmlToText('  a\n\n b  ')).toBe('a b');
  });
});

describe('toPlainText', () => {
  it('converts only what looks like HTML', () => {
    expect(looksLikeHtml('a < b and c > d')).toBe(false);
    expect(toPlainText('a < b\n\nc')).toBe('a < b\n\nc');
    expect(toPlainText('<p>a</p><p>b</p>')).toBe('a\n\nb');
    expect(toPlainText('Truce &amp; talks')).toBe('Truce & talks');
  });
});
