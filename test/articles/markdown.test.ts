import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadError } from '#commons/articles/errors.ts';
import { markdownToText, readMarkdown } from '#commons/articles/markdown.ts';
import { OWN_FIXTURES } from './helpers.ts';

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ReadError ? error.reason : 'threw';
  }
};

describe('readMarkdown', () => {
  it('reads front matter and turns the body into plain text', () => {
    const draft = readMarkdown(readFileSync(`${OWN_FIXTURES}article.md`, 'utf8'));
    expect(draft).toMatchObject({
      title: 'US, Russia agree on Syrian ceasefire',
      url: 'https://news.example.com/2017/07/07/syria-ceasefire',
      published: '2017-07-07',
      publisher: 'Example Wire',
      byline: 'John Doe',
    });
    expect(draft.body.startsWith('The United States and Russia agreed a ceasefire in south-west Syria')).toBe(true);
    expect(draft.body).toContain('after talks in Hamburg.');
    expect(draft.body).toContain('It covers Deraa, Quneitra and Sweida.\n\nJordan joined the agreement.');
    expect(draft.body).not.toMatch(/[*#<>]|\]\(|markdown script/);
  });

  it('uses a leading # heading, or else the first line, without front matter', () => {
    expect(readMarkdown('# Truce *holds*\n\nBody **text**.')).toEqual({ title: 'Truce holds', body: 'Body text.' });
    const draft = readMarkdown('First line\n\nSecond para.');
    expect(draft.title).toBe('First line');
    expect(draft.body.trim()).toBe('Second para.');
  });

  it('rejects malformed front matter and alias bombs', () => {
    expect(reasonOf(() => readMarkdown('---\ntitle: [unclosed\n---\nBody'))).toBe('malformed');
    expect(reasonOf(() => readMarkdown('---\n- a list\n- not a mapping\n---\nBody'))).toBe('malformed');
    const bomb = ['---', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'title: x', '---', 'Body'].join('\n');
    expect(reasonOf(() => readMarkdown(bomb))).toBe('unsafe');
  });

  it('does not run YAML tags', () => {
    const draft = readMarkdown('---\ntitle: !!js/function "function () { return 1 }"\n---\nBody');
    expect(typeof draft.title).toBe('string');
  });
});

describe('markdownToText', () => {
  it('keeps the text of Markdown built to make marked slow or overflow its stack', () => {
    expect(markdownToText('*a'.repeat(50_000))).toBe('*a'.repeat(50_000));
    expect(markdownToText(`${'- '.repeat(100_000)}deep`)).toBe('deep');
    expect(markdownToText(`${'> '.repeat(100_000)}deep`)).toBe('deep');
    expect(markdownToText(`|${'a|'.repeat(200)}\n|${'-|'.repeat(200)}`)).toContain('a|a|a');
  });

  it('leaves ordinary emphasis, lists and quotes alone', () => {
    expect(markdownToText('A *b* **c** ~~d~~ `e`\n\n> quoted\n\n1. one\n2. two')).toBe('A b c d e\n\nquoted\n\none\n\ntwo');
  });

  it('drops raw HTML script and link targets', () => {
    expect(markdownToText('Hello [x](javascript:alert(1)) <script>alert(1)</script>\n\n<iframe src="x"></iframe>')).toBe('Hello x');
  });
});
