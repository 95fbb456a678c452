/**
 * What confidence means is documented with the weights it is computed with: the table in
 * docs/extraction.md ("Confidence") lists every weight of triggers.json's `confidence`, with its value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import triggerData from '#commons/extraction/data/triggers.json' with { type: 'json' };

/** The `| \`weight\` | value | … |` rows of a section's table. */
function weightsTable(markdown: string, heading: string): Record<string, number> {
  const body = markdown.split(`\n## ${heading}\n`)[1]?.split(/\n## /)[0] ?? '';
  const rows = [...body.matchAll(/^\| `(\w+)` \| (-?\d+(?:\.\d+)?) \|/gm)];
  return Object.fromEntries(rows.map(([, key, value]) => [key!, Number(value)]));
}

describe('docs/extraction.md, Confidence', () => {
  const docs = readFileSync(new URL('../../docs/extraction.md', import.meta.url), 'utf8');

  it('lists every weight of triggers.json with its value, and no other', () => {
    expect(weightsTable(docs, 'Confidence')).toEqual(triggerData.confidence);
  });
});
