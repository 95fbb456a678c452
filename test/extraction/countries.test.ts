/** The Bedrock verifier's list of ISO 3166-1 codes is the iso-3166 package's list of assigned codes. */
import { iso31661 } from 'iso-3166';
import { expect, it } from 'vitest';
import countries from '#commons/extraction/bedrock/countries.json' with { type: 'json' };

it('holds exactly the assigned ISO 3166-1 alpha-2 codes', () => {
  const assigned = iso31661.filter((c) => c.state === 'assigned').map((c) => c.alpha2).sort();
  expect(countries.codes).toEqual(assigned);
});
