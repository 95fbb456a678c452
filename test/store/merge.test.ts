import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CeasefireEventSchema, type CeasefireEvent } from '#schemas/event.ts';
import { canonicalJson, mergeAll, mergeEvents, normaliseEvent } from '#commons/store/merge.ts';
import { makeEvent, makeArticle, hexId } from '../helpers/events.ts';

const ID = hexId('merge-property');

const actors = [
  { id: 'US', name: 'United States', kind: 'state' },
  { id: 'US', name: 'USA', kind: 'state' },
  { id: 'RU', name: 'Russia', kind: 'state' },
  { id: 'un', name: 'United Nations', kind: 'organisation' },
  { id: 'un', name: 'UN', kind: 'organisation' },
  { id: 'islamic-state', name: 'Islamic State', kind: 'armed-group' },
  { id: 'nusra-front', name: 'Nusra Front', kind: 'armed-group' },
] as const;
const places = [
  { name: 'Aleppo', country: 'SY' },
  { name: 'Aleppo', country: 'SY', geonameId: 170063 },
  { name: 'aleppo', country: 'SY', lat: 36.2, lon: 37.16 },
  { name: 'Idlib', country: 'SY' },
  { name: 'Munich', country: 'DE' },
];
const people = [
  { name: 'John Kerry' },
  { name: 'John Kerry', role: 'US Secretary of State', actor: 'US' },
  { name: 'john  kerry', role: 'Secretary of State' },
  { name: 'Sergei Lavrov', role: 'Foreign Minister', actor: 'RU' },
];
const articleIds = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'];
const dateRefs = [
  { date: '2016-02-12', precision: 'day', basis: 'explicit' },
  { date: '2016-02-12', precision: 'day', basis: 'relative' },
  { date: '2016-02-12', precision: 'day', basis: 'explicit', ambiguous: ['2016-02-12', '2016-12-02'] },
  { date: '2016-02', precision: 'month', basis: 'metadata' },
] as const;
const timestamps = [
  '2016-02-12T10:00:00.000Z',
  '2016-02-12T10:00:00Z',
  '2016-02-12T11:00:00+01:00',
  '2016-02-13T08:30:00.000Z',
  '2016-02-11T23:59:59.000Z',
];

const arbEvidence = fc.record(
  {
    articleId: fc.constantFrom(...articleIds),
    quote: fc.constantFrom('A truce was agreed.', 'Fighting will stop on Saturday.', 'Talks ended.'),
    start: fc.nat(500),
    end: fc.nat(1000),
  },
  { requiredKeys: ['articleId', 'quote'] },
);
const arbSource = fc.record(
  {
    articleId: fc.constantFrom(...articleIds),
    title: fc.constantFrom('Truce agreed', 'Deal in Munich', ''),
    url: fc.constantFrom('https://a.example/1', 'https://b.example/2'),
    publisher: fc.constantFrom('Reuters', 'AP'),
    publishedAt: fc.constantFrom('2016-02-12', '2016-02-13'),
  },
  { requiredKeys: ['articleId', 'title'] },
);

const arbEvent: fc.Arbitrary<CeasefireEvent> = fc
  .record({
    type: fc.constantFrom('agreement', 'talks'),
    headline: fc.constantFrom('US and Russia agree truce', 'Truce agreed in Munich'),
    summary: fc.constantFrom('A truce was agreed.', 'Parties agreed to stop fighting.'),
    occurred: fc.constantFrom(...dateRefs),
    effective: fc.option(fc.constantFrom(...dateRefs), { nil: undefined }),
    ends: fc.option(fc.constantFrom(...dateRefs), { nil: undefined }),
    areas: fc.subarray(places.filter((p) => p.country === 'SY')),
    venue: fc.option(fc.constantFrom(...places), { nil: undefined }),
    parties: fc.subarray([...actors]),
    mediators: fc.subarray([...actors]),
    excluded: fc.subarray([...actors]),
    people: fc.subarray(people),
    cameo: fc.option(fc.constantFrom('0871', '046'), { nil: undefined }),
    plover: fc.option(fc.constantFrom('AGREE', 'CONSULT'), { nil: undefined }),
    evidence: fc.array(arbEvidence, { minLength: 1, maxLength: 4 }),
    sources: fc.array(arbSource, { minLength: 1, maxLength: 4 }),
    confidence: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    first: fc.constantFrom(...timestamps),
    updated: fc.constantFrom(...timestamps),
  })
  .map((r) =>
    CeasefireEventSchema.parse({
      id: ID,
      schemaVersion: '1',
      type: r.type,
      headline: r.headline,
      summary: r.summary,
      occurred: r.occurred,
      effective: r.effective,
      ends: r.ends,
      theatre: { country: 'SY', areas: r.areas },
      venue: r.venue,
      parties: r.parties,
      mediators: r.mediators,
      excluded: r.excluded,
      people: r.people,
      codes: { cameo: r.cameo, plover: r.plover },
      evidence: r.evidence,
      sources: r.sources,
      confidence: r.confidence,
      firstReportedAt: r.first,
      updatedAt: r.updated,
    }),
  );

const runs = { numRuns: 200 };

describe('mergeEvents (property tests)', () => {
  it('is commutative on every field', () => {
    fc.assert(
      fc.property(arbEvent, arbEvent, (a, b) => {
        expect(mergeEvents(a, b)).toStrictEqual(mergeEvents(b, a));
      }),
      runs,
    );
  });

  it('is idempotent: merge(a, a) == a for a normalised event, and normalising twice changes nothing', () => {
    fc.assert(
      fc.property(arbEvent, (raw) => {
        const a = normaliseEvent(raw);
        expect(mergeEvents(a, a)).toStrictEqual(a);
        expect(normaliseEvent(a)).toStrictEqual(a);
      }),
      runs,
    );
  });

  it('is associative, so any delivery order of three reports gives the same event', () => {
    fc.assert(
      fc.property(arbEvent, arbEvent, arbEvent, (a, b, c) => {
        const left = mergeEvents(mergeEvents(a, b), c);
        expect(mergeEvents(a, mergeEvents(b, c))).toStrictEqual(left);
        expect(mergeEvents(mergeEvents(c, a), b)).toStrictEqual(left);
        expect(mergeAll([b, c, a])).toStrictEqual(left);
      }),
      runs,
    );
  });

  it('absorbs what it already holds: merge(merge(a, b), b) == merge(a, b)', () => {
    fc.assert(
      fc.property(arbEvent, arbEvent, (a, b) => {
        const ab = mergeEvents(a, b);
        expect(mergeEvents(ab, b)).toStrictEqual(ab);
        expect(mergeEvents(ab, a)).toStrictEqual(ab);
      }),
      runs,
    );
  });

  it('keeps the contract: valid event, no source lost or duplicated, min/max timestamps, max confidence', () => {
    fc.assert(
      fc.property(arbEvent, arbEvent, (a, b) => {
        const m = mergeEvents(a, b);
        expect(CeasefireEventSchema.parse(m)).toStrictEqual(m);
        const expectedSources = [...new Set([...a.sources, ...b.sources].map((s) => s.articleId))].sort();
        expect(m.sources.map((s) => s.articleId).sort()).toEqual(expectedSources);
        const evidenceKeys = m.evidence.map((e) => `${e.articleId}|${e.quote}`);
        expect(new Set(evidenceKeys).size).toBe(evidenceKeys.length);
        expect(new Set(evidenceKeys)).toEqual(new Set([...a.evidence, ...b.evidence].map((e) => `${e.articleId}|${e.quote}`)));
        expect(Date.parse(m.firstReportedAt)).toBe(Math.min(Date.parse(a.firstReportedAt), Date.parse(b.firstReportedAt)));
        expect(Date.parse(m.updatedAt)).toBe(Math.max(Date.parse(a.updatedAt), Date.parse(b.updatedAt)));
        expect(m.confidence).toBe(Math.max(a.confidence, b.confidence));
        expect(m.id).toBe(a.id);
        expect(new Set(m.parties.map((p) => p.id))).toEqual(new Set([...a.parties, ...b.parties].map((p) => p.id)));
        expect(m.parties.map((p) => p.id)).toEqual([...new Set(m.parties.map((p) => p.id))].sort());
      }),
      runs,
    );
  });

  it('merges two articles about one development as a reader would expect', () => {
    const first = makeArticle({ seed: 'reuters', receivedAt: '2016-02-12T08:00:00.000Z' });
    const second = makeArticle({ seed: 'ap', receivedAt: '2016-02-12T09:30:00.000Z', url: undefined });
    const a = makeEvent({ seed: 'same', article: first, confidence: 0.6 });
    const b = makeEvent({
      seed: 'same',
      article: second,
      headline: 'Later headline',
      confidence: 0.9,
      people: [{ name: 'Sergei Lavrov', role: 'Foreign Minister', actor: 'RU' }],
    });
    const m = mergeEvents(b, a);
    expect(m.id).toBe(a.id);
    expect(m.headline).toBe(a.headline); // from the earliest report
    expect(m.sources.map((s) => s.articleId).sort()).toEqual([first.id, second.id].sort());
    expect(m.evidence).toHaveLength(2);
    expect(m.people.map((p) => p.name)).toEqual(['John Kerry', 'Sergei Lavrov']);
    expect(m.confidence).toBe(0.9);
    expect(m.firstReportedAt).toBe(first.receivedAt);
    expect(m.updatedAt).toBe(second.receivedAt);
    expect(canonicalJson(m)).toBe(canonicalJson(mergeEvents(a, b)));
  });

  it('refuses to merge different events', () => {
    expect(() => mergeEvents(makeEvent({ seed: 'x' }), makeEvent({ seed: 'y' }))).toThrow(/different ids/);
  });
});
