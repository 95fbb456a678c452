/**
 * The extractor against the hand-labelled seeds (../shared/corpus/gold.json), through the real CLI,
 * as `node ../shared/tools/score-extraction.mjs` runs it; and against our own corpus, whose score is
 * a floor that must not drop.
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
  it('passes every check on the seeds with metadata', { timeout: 240_000 }, () => {
    const output = run();
    expect(output.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(summary(output)?.[2]).toBe('0');
  });

  it('passes every text-only date check on the seeds', { timeout: 240_000 }, () => {
    const output = run('--text-only');
    expect(output.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(summary(output)?.[2]).toBe('0');
  });

  it('keeps its score on our own corpus of other ceasefires and traps', { timeout: 240_000 }, () => {
    const output = run('--gold', 'test/fixtures/corpus/gold.json');
    const score = Number(/score: ([\d.]+)/.exec(output)?.[1]);
    const negatives = output.split('\n').filter((l) => l.includes('want items read and 0 events'));
    expect(negatives.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(score).toBeGreaterThanOrEqual(0.78);
  });
});
