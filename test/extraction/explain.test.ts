/** `extract --explain`: every decision of the stages is recorded, and explaining changes nothing in the events. */
import { describe, expect, it } from 'vitest';
import { explainExtraction, extractEvents } from '#commons/extraction/index.ts';
import { cli } from '../cli/helpers.ts';
import { articleOf } from '../helpers/articles.ts';

const article = articleOf(
  'Armenia and Azerbaijan agree humanitarian ceasefire',
  [
    'Armenia and Azerbaijan agreed on Saturday to a humanitarian ceasefire in Nagorno-Karabakh after talks in Moscow hosted by Russia.',
    'The truce will take effect at midnight on Sunday, Russian officials said.',
    'The sides could extend the truce if it holds.',
    'Fighting over the region has killed hundreds of people.',
  ].join(' '),
  '2020-10-10',
);

describe('explainExtraction', () => {
  it('gives the same events as extractEvents', () => {
    expect(explainExtraction(article).events).toEqual(extractEvents(article));
  });

  it('says which trigger made each development, and why its date, theatre and parties', () => {
    const { trace } = explainExtraction(article);
    const outcomes = trace.decisions.map((d) => `${d.stage} ${d.subject} ${d.outcome}`);
    expect(outcomes).toContain('candidates s0 agreement (strong) on 2020-10-10 [relative]');
    expect(outcomes).toContain('roles article theatre AZ');
    expect(outcomes).toEqual(expect.arrayContaining([expect.stringMatching(/^selection D1 primary agreement on 2020-10-10$/), expect.stringMatching(/^dates D1 effective 2020-10-11/)]));
    expect(trace.about('D1').map((d) => d.stage)).toEqual(expect.arrayContaining(['selection', 'roles', 'dates', 'events']));
  });

  it('records a trigger it dropped, and why', () => {
    const dropped = explainExtraction(article).trace.about('s2');
    expect(dropped).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'candidates', outcome: "no extension: 'extend'", why: 'hedged, conditional or a call' })]));
  });
});

describe('extract --explain', () => {
  it('prints the decisions after the events, and puts them in the JSON entry with --json', async () => {
    const file = new URL('../../../shared/corpus/seeds/000_67a3b4f457941a59.txt', import.meta.url).pathname;
    const text = await cli('extract', '--explain', '--published', '2016-02-12', file);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/why:\n {4}article \(reading\): date 2016-02-12 \[metadata\]/);
    expect(text.out).toMatch(/ {4}D1:\n {6}selection {2}primary agreement on 2016-02-12/);
    const json = JSON.parse((await cli('extract', '--json', '--explain', '--published', '2016-02-12', file)).out);
    expect(json[0].explain).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'roles', subject: 'article', outcome: 'theatre SY' })]));
  });
});

describe('confidence', () => {
  it('comes from the evidence: a headline report in development wording, dated by the text, with both sides, outranks a mention further down', () => {
    const events = extractEvents(
      articleOf(
        'Israel and Hamas agree truce in Gaza',
        'Israel and Hamas agreed on Wednesday to a ceasefire in Gaza, mediated by Egypt. Talks had stalled for weeks. Later in the article, officials said aid convoys entered the Rafah crossing on Wednesday under the deal, and that talks would go on.',
        '2024-05-08',
      ),
    );
    const [agreement, ...others] = events;
    expect(agreement!.confidence).toBe(0.9);
    for (const other of others) expect(other.confidence).toBeLessThan(agreement!.confidence);
  });

  it('rises with each further outlet that reports the same development', async () => {
    const { corroboratedConfidence } = await import('#commons/extraction/events.ts');
    const source = (articleId: string, publisher?: string, url?: string) => ({ articleId, title: 't', ...(publisher ? { publisher } : {}), ...(url ? { url } : {}) });
    expect(corroboratedConfidence({ confidence: 0.7, sources: [source('a', 'AP')] })).toBe(0.7);
    expect(corroboratedConfidence({ confidence: 0.7, sources: [source('a', 'AP'), source('b', 'ap')] })).toBe(0.7);
    expect(corroboratedConfidence({ confidence: 0.7, sources: [source('a', 'AP'), source('b', undefined, 'https://www.reuters.example/x')] })).toBe(0.75);
    expect(corroboratedConfidence({ confidence: 0.95, sources: ['a', 'b', 'c', 'd'].map((id) => source(id, id)) })).toBe(0.99);
  });
});
