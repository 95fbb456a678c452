/**
 * The extractor against the hand-labelled seeds (../shared/corpus/gold.json), through the real CLI,
 * as `node ../shared/tools/score-extraction.mjs` runs it; and against our two corpora of other
 * ceasefires and traps, whose scores are floors that must not drop.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scorer = '../shared/tools/score-extraction.mjs';
const run = (...args: string[]) => {
  try {
    return execFileSync('node', [scorer, ...args], { encoding: 'utf8', timeout: 240_000 });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
};
const summary = (output: string) => /(\d+) passed, (\d+) failed/.exec(output);

describe.skipIf(!existsSync(scorer))('extraction scores (shared scorer)', () => {
  it('passes every check on the seeds with metadata, precision 1.0', { timeout: 240_000 }, () => {
    const output = run();
    expect(output.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(summary(output)?.[2]).toBe('0');
    expect(output).toMatch(/^precision: 1\.000 /m);
  });

  it('passes every text-only date check on the seeds', { timeout: 240_000 }, () => {
    const output = run('--text-only');
    expect(output.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(summary(output)?.[2]).toBe('0');
  });

  // Floors a little under the figures measured when they were last raised (corpus score 0.952, precision 1.000;
  // second corpus 0.927, 0.967; third 0.823, 0.929). Issue 12 asks for 0.92 on both for our own two corpora.
  it.each([
    ['our own corpus of other ceasefires and traps', 'test/fixtures/corpus/gold.json', 0.94, 0.97],
    ['the second corpus, written without reading the extractor', 'test/fixtures/holdout/gold.json', 0.92, 0.95],
    ['the third corpus, labelled before its first run', 'test/fixtures/devset/gold.json', 0.8, 0.9],
  ])('keeps its score and precision on %s', { timeout: 240_000 }, (_, gold, scoreFloor, precisionFloor) => {
    const output = run('--gold', gold);
    const score = Number(/score: ([\d.]+)/.exec(output)?.[1]);
    const precision = Number(/precision: ([\d.]+)/.exec(output)?.[1]);
    const negatives = output.split('\n').filter((l) => l.includes('want items read and 0 events'));
    expect(negatives.length).toBeGreaterThan(0);
    expect(negatives.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(score).toBeGreaterThanOrEqual(scoreFloor);
    expect(precision).toBeGreaterThanOrEqual(precisionFloor);
  });
});
