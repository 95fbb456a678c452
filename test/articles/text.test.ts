import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readText } from '#commons/articles/text.ts';
import { SEEDS_DIR } from './helpers.ts';

const seed = (name: string) => readText(readFileSync(`${SEEDS_DIR}/${name}`, 'utf8'));

describe('readText on the real seeds', () => {
  it('000: plain headline, subtitle stays in the body', () => {
    const draft = seed('000_67a3b4f457941a59.txt');
    expect(draft.title).toBe('Major Powers Agree to Seek Syria Ceasefire in One Week, but Fail to End Russian Airstrikes');
    expect(draft.body.startsWith("Truce won't apply to ISIS")).toBe(true);
  });

  it('002: skips the donation banner and the section label; byline stays in the body and fills byline', () => {
    const draft = seed('002_6d0f251e39d1943a.txt');
    expect(draft.title).toBe('US, Russia Resume High-level Face-to-Face Diplomacy on Syria War');
    expect(draft.byline).toBe('Steve Herman');
    expect(draft.body.startsWith('By Steve Herman September 09, 2016\n\nAn American official says')).toBe(true);
    expect(draft.body).not.toMatch(/UNITED24|Weapons of Mass Destruction|mailing list/);
    expect(draft.body).toContain('No military solution');
  });

  it('003: removes "Enlarge this image" and the "Related News" tail', () => {
    const draft = seed('003_212d7b840cb3c56f.txt');
    expect(draft.title).toBe('US, Russia agree on Syrian ceasefire');
    expect(draft.body).not.toMatch(/Enlarge this image|Related News/);
    expect(draft.body.endsWith('building trust for a broader fix of ties.')).toBe(true);
  });

  it('004: leading blank lines and --- separators; the date line stays in the body, not the title', () => {
    const draft = seed('004_ea3934ab1743516e.txt');
    expect(draft.title).toBe('US, Russia work to hold fragile Syria cease-fire together');
    expect(draft.body.startsWith('09/05/2016\n\nThe chief architects')).toBe(true);
    expect(draft.body).not.toMatch(/^---$/m);
  });
});

describe('readText rules', () => {
  it('separates paragraphs by exactly one blank line', () => {
    const draft = readText('Title\n\n\n\nPara one line one\nline two\n\n\n\nPara two\n');
    expect(draft).toMatchObject({ title: 'Title', body: 'Para one line one\nline two\n\nPara two' });
  });

  it('accepts a title without a body', () => {
    expect(readText('Only a headline\n')).toMatchObject({ title: 'Only a headline', body: '' });
  });

  it('never takes a date or byline for the title, even at the top', () => {
    const draft = readText('September 9, 2016\nBy Jane Doe\n\nTruce holds in Aleppo\n\nThe truce held overnight.');
    expect(draft.title).toBe('Truce holds in Aleppo');
    expect(draft.byline).toBe('Jane Doe');
    expect(draft.body).toBe('September 9, 2016\nBy Jane Doe\n\nThe truce held overnight.');
  });

  it('keeps a section label when what follows is a paragraph, not a headline', () => {
    const draft = readText('Analysis\n\nThe ceasefire announced on Friday is unlikely to hold, diplomats say, because too many groups are left out.');
    expect(draft.title).toBe('Analysis');
  });

  it('does not cut "Related News" in the first half of the text', () => {
    const draft = readText('Title\n\nRelated News\n\nPara one.\n\nPara two.\n\nPara three.');
    expect(draft.body).toContain('Para three.');
  });

  it('returns an empty draft for chrome only', () => {
    expect(readText('Enlarge this image\n---\n')).toMatchObject({ title: '', body: '' });
  });
});
