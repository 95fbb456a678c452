import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from '#commons/articles/json-depth.ts';
import { readJson } from '#commons/articles/json.ts';
import { OWN_FIXTURES, reasonOf } from './helpers.ts';

describe('readJson', () => {
  it('reads one object', () => {
    const { drafts, items } = readJson('{"title":"T","body":"B","url":"https://x.example/a","published":"2016-02-12","publisher":"P"}');
    expect(items).toBe(1);
    expect(drafts).toEqual([{ title: 'T', body: 'B', url: 'https://x.example/a', published: '2016-02-12', publisher: 'P' }]);
  });

  it('reads an array, with `text` instead of `body` and HTML converted', () => {
    const { drafts, items } = readJson(readFileSync(`${OWN_FIXTURES}articles.json`, 'utf8'));
    expect(items).toBe(2);
    expect(drafts[0]?.title).toBe('Despite progress, US-Russia fall short on truce for Syria');
    expect(drafts[1]?.body).toBe('The chief architects of the fragile truce used a joint statement.\n\nThey are still committed to resuming peace talks.');
  });

  it('gives undefined for array entries that are not objects', () => {
    expect(readJson('[{"title":"a"}, 3, null]').drafts).toEqual([{ title: 'a', body: '' }, undefined, undefined]);
  });

  it('rejects invalid JSON, wrong shapes and deep nesting without overflowing the stack', () => {
    expect(reasonOf(() => readJson('{"title": "x",'))).toBe('malformed');
    expect(reasonOf(() => readJson('"just a string"'))).toBe('unsupported');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(reasonOf(() => readJson(deep))).toBe('malformed');
    expect(reasonOf(() => readJson('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)))).toBe('malformed');
  });
});

describe('jsonDepth', () => {
  it('ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]]"}')).toBe(1);
    expect(jsonDepth('[[1],[[2]]]')).toBe(3);
  });
});
