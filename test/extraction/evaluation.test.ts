/**
 * `eval` scores exactly as the shared scorer: both run on the seeds (with metadata and text-only) and
 * on our two corpora, and every line they print must be the same (checks, precision, counts, score).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type GoldFile } from '#commons/extraction/evaluation.ts';
import { extractFile } from '../../functions/cli/extract.ts';

const scorer = '../shared/tools/score-extraction.mjs';

function sharedScorer(args: string[]): string[] {
  try {
    return execFileSync('node', [scorer, ...args], { encoding: 'utf8', timeout: 240_000 }).trimEnd().split('\n');
  } catch (error) {
    // It exits 1 when a check fails; the report is on stdout all the same.
    return String((error as { stdout?: string }).stdout ?? error).trimEnd().split('\n');
  }
}

async function ported(goldPath: string, textOnly: boolean): Promise<string[]> {
  const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as GoldFile;
  const base = dirname(resolve(goldPath));
  const result = await evaluate(gold, (file, published) => extractFile(resolve(base, file), published ? { published } : {}), { textOnly });
  return result.lines;
}

describe.skipIf(!existsSync(scorer))('eval against the shared scorer', () => {
  it.each([
    ['the seeds', '../shared/corpus/gold.json', false],
    ['the seeds, text only', '../shared/corpus/gold.json', true],
    ['our corpus', 'test/fixtures/corpus/gold.json', false],
    ['the second corpus', 'test/fixtures/holdout/gold.json', false],
  ] as const)('gives every line the scorer gives on %s', { timeout: 240_000 }, async (_, gold, textOnly) => {
    const expected = sharedScorer(['--gold', gold, ...(textOnly ? ['--text-only'] : [])]);
    const lines = await ported(gold, textOnly);
    expect(lines).toEqual(expected);
    expect(lines.at(-1)).toMatch(/^score: \d\.\d{3}$/);
  });
});

describe('eval on a gold file of its own', () => {
  const event = (type: string, date: string, extra: object = {}) => ({ type, occurred: { date }, theatre: { country: 'SY', areas: [] }, parties: [{ id: 'US' }, { id: 'RU' }], headline: `${type} ${date}`, ...extra });
  const gold: GoldFile = {
    articles: [
      {
        file: 'a.txt',
        published: '2016-02-12',
        textOnlyDate: { expect: '2016-02-12' },
        exhaustive: true,
        primary: { type: ['agreement'], occurred: ['2016-02-12'], theatre: 'SY', parties: ['US', 'RU|russia'] },
        others: [{ type: ['talks'], occurred: ['2016-02'] }],
      },
    ],
    negatives: { files: ['trap.txt'] },
  };
  const extracted: Record<string, object[]> = {
    'a.txt': [event('agreement', '2016-02-12'), event('talks', '2016-02-03'), event('talks', '2016-02-05')],
    'trap.txt': [],
  };

  it('matches one event per labelled development and counts the rest as extras', async () => {
    const result = await evaluate(gold, async (file) => [{ events: extracted[file] as never }]);
    expect(result.lines).toEqual([
      'ok   a.txt: relevant, 3 event(s)',
      'ok   a.txt: primary type = "agreement" (want ["agreement"])',
      'ok   a.txt: primary occurred = "2016-02-12" (want ["2016-02-12"])',
      'ok   a.txt: primary theatre = "SY" (want "SY")',
      'ok   a.txt: primary parties = ["us","ru"] (want ["US","RU|russia"])',
      'FAIL a.txt: extra event, reported by no labelled development: talks 2016-02-05 SY: talks 2016-02-05',
      'ok   trap.txt: 1 item(s) read, 0 event(s) (want items read and 0 events)',
      'precision: 0.667 (2 of 3 extracted events are labelled developments)',
      '6 passed, 1 failed',
      'score: 0.857',
    ]);
  });

  it('reports an extractor that fails as a failed check', async () => {
    const result = await evaluate({ articles: gold.articles }, async () => ({ error: 'not authorized' }));
    expect(result.lines[0]).toBe('FAIL a.txt: extractor failed: not authorized');
    expect(result.failed).toBe(1);
  });
});
