import { describe, expect, it } from 'vitest';
import { markupStats } from '#commons/articles/markup-stats.ts';

describe('markupStats', () => {
  it('counts elements and nesting', () => {
    expect(markupStats('<div><p>a<b>b</b></p><br><img src=x/></div>')).toEqual({ elements: 5, depth: 2 });
  });

  it('ignores comments and the content of script and style', () => {
    expect(markupStats('<!-- <div><div> --><script>"<div><div><div>"</script><p>x')).toEqual({ elements: 2, depth: 1 });
  });

  it('does not count implied-end elements as nesting', () => {
    expect(markupStats('<ul>' + '<li>x'.repeat(1000) + '</ul>').depth).toBe(1);
  });

  it('sees 100,000 levels without recursion', () => {
    const deep = '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000);
    expect(markupStats(deep).depth).toBe(100_000);
  });

  it('gets through a million unterminated tags (linear, not quadratic)', () => {
    expect(markupStats('<a'.repeat(1_000_000) + '>').elements).toBe(1);
  });
});
