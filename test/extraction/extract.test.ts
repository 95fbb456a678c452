import { describe, expect, it } from 'vitest';
import { CeasefireEventSchema } from '#schemas/event.ts';
import { extractEvents } from '#commons/extraction/index.ts';
import { eventId } from '#commons/extraction/events.ts';
import { classifySentence } from '#commons/extraction/triggers.ts';
import { articleOf } from '../helpers/articles.ts';

const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('relevance', () => {
  it.each([
    [
      'Airlines call a truce in the fare war',
      'The two biggest carriers agreed on Monday to a truce in their fare war, ending months of discount battles. Prices on the busiest routes had fallen by a third, and investors welcomed the ceasefire between the rivals. Analysts expect fares to rise again by summer.',
    ],
    [
      'Washington and Beijing extend tariff truce',
      'The United States and China agreed to extend their trade truce by 90 days, keeping tariffs on soybeans and chips at current levels. Markets rallied as investors welcomed the ceasefire in the trade war. Exporters said prices would stay stable.',
    ],
    [
      'Voters head to the polls in Colombia',
      'Colombians vote on Sunday in a presidential election dominated by the economy and crime. Turnout is expected to be high in Bogota and Medellin. The country has changed since the 2016 ceasefire with the FARC rebels, analysts say, but security remains a concern in rural areas.',
    ],
    [
      'Ceasefire announce reunion tour',
      'The indie band Ceasefire will play twelve cities next spring, their first tour in a decade. Fans of the group’s 2009 album queued overnight for tickets. The singer said the band had settled an old feud.',
    ],
  ])('finds no development in "%s"', (title, body) => {
    expect(extractEvents(articleOf(title, body, '2024-05-20'))).toEqual([]);
  });
});

describe('development types, negation and tense', () => {
  it('reads a failure to agree as talks, never as an agreement', () => {
    const events = extractEvents(
      articleOf(
        'Envoys fail to agree Gaza truce after two days in Cairo',
        'CAIRO — Israeli and Hamas negotiators failed to agree a ceasefire in Gaza on Tuesday after two days of indirect talks in Cairo mediated by Egypt and Qatar. Fighting continued across the Gaza Strip as the envoys left. Egyptian officials said the talks would resume next week.',
        '2024-05-08',
      ),
    );
    expect(types(events)).toContain('talks');
    expect(types(events)).not.toContain('agreement');
    const talks = events.find((e) => e.type === 'talks')!;
    expect(talks.occurred.date).toBe('2024-05-07');
    expect(talks.theatre.country).toBe('PS');
    expect(talks.venue?.name).toBe('Cairo');
    expect(talks.mediators.map((m) => m.id)).toEqual(expect.arrayContaining(['EG', 'QA']));
  });

  it('takes the start of a truce from "will take effect" without inventing an implementation', () => {
    const events = extractEvents(
      articleOf(
        'Armenia and Azerbaijan agree humanitarian ceasefire',
        'Armenia and Azerbaijan agreed on Saturday to a humanitarian ceasefire in Nagorno-Karabakh after talks in Moscow hosted by Russia. The truce will take effect at midnight on Sunday, Russian officials said, to allow the exchange of prisoners and bodies. Fighting over the region has killed hundreds of people.',
        '2020-10-10',
      ),
    );
    const agreement = events.find((e) => e.type === 'agreement')!;
    expect(agreement.occurred.date).toBe('2020-10-10');
    expect(agreement.effective?.date).toBe('2020-10-11');
    expect(agreement.theatre.country).toBe('AZ');
    expect(agreement.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['AM', 'AZ']));
    expect(types(events)).not.toContain('implementation');
  });

  it('reports several developments of one article as several events', () => {
    const events = extractEvents(
      articleOf(
        'Yemen truce extended as both sides trade accusations of violations',
        'The warring parties in Yemen agreed on Thursday to extend the UN-brokered truce by two months, the United Nations envoy Hans Grundberg said. The Houthis and the Saudi-led coalition accused each other of violating the ceasefire around Taiz on Wednesday. The truce first took effect on April 2.',
        '2022-06-02',
      ),
    );
    expect(types(events)).toEqual(expect.arrayContaining(['extension', 'violation']));
    const extension = events.find((e) => e.type === 'extension')!;
    expect(extension.theatre.country).toBe('YE');
    expect(extension.mediators.map((m) => m.id)).toContain('un');
    expect(events.find((e) => e.type === 'violation')!.occurred.date).toBe('2022-06-01');
  });
});

describe('places and sides', () => {
  it('takes the theatre from "the war in X", not from the dateline or the venue of the talks', () => {
    const events = extractEvents(
      articleOf(
        'US and Russian officials hold talks in Riyadh on energy ceasefire',
        'RIYADH, Saudi Arabia — American and Russian officials met in the Saudi capital on Monday to discuss a pause in strikes on energy facilities, the latest step in an effort to end the war in Ukraine. The talks, held at a hotel in Riyadh, lasted twelve hours. A ceasefire at sea was also discussed.',
        '2025-03-24',
      ),
    );
    const talks = events.find((e) => e.type === 'talks')!;
    expect(talks.theatre.country).toBe('UA');
    expect(talks.venue?.name).toBe('Riyadh');
  });

  it('never names a side of the main development as a mediator of another', () => {
    const events = extractEvents(
      articleOf(
        'US and Russia hold Syria truce talks in Geneva',
        'GENEVA — U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov held talks on a ceasefire in Syria on Friday. The U.N. envoy Staffan de Mistura, who sat in on the talks with the Russian envoy, said progress had been made. Separately, a truce around Daraya, brokered by the United Nations, took effect on Friday.',
        '2016-08-26',
      ),
    );
    const talks = events.find((e) => e.type === 'talks')!;
    expect(talks.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['US', 'RU']));
    for (const event of events) expect(event.mediators.map((m) => m.id)).not.toContain('RU');
  });
});

describe('negation and purpose', () => {
  it.each([
    ['failure to reach', 'Their failure to reach a ceasefire deal in Syria on Friday highlighted the deep split between Washington and Moscow.'],
    ['a purpose clause', 'Kerry and Lavrov met in Moscow in July and agreed on steps to get the all-but-ignored truce in Syria back in force.'],
  ])('does not read %s as the development it names', (_, sentence) => {
    const events = extractEvents(articleOf('US and Russia hold Syria truce talks in Geneva', `GENEVA — U.S. and Russian diplomats held talks on a ceasefire in Syria on Friday. ${sentence}`, '2016-08-26'));
    expect(types(events)).not.toContain('implementation');
    expect(events.filter((e) => e.type === 'agreement' && e.occurred.date === '2016-08-26')).toEqual([]);
  });
});

describe('ids and determinism', () => {
  const first = articleOf(
    'Israel and Hezbollah agree ceasefire',
    'Israel and Hezbollah agreed on Tuesday to a ceasefire in Lebanon brokered by the United States and France. The truce takes effect at 4 a.m. on Wednesday.',
    '2024-11-26',
  );
  const second = articleOf(
    'Lebanon truce deal reached',
    'A ceasefire between Israel and the Hezbollah militia in Lebanon was agreed on Tuesday, US officials said, after weeks of mediation. Fighting continued in southern Lebanon until the deal was announced.',
    '2024-11-27',
  );

  it('gives two reports of the same development the same event id', () => {
    const a = extractEvents(first).find((e) => e.type === 'agreement');
    const b = extractEvents(second).find((e) => e.type === 'agreement');
    expect(a?.id).toBeDefined();
    expect(b?.id).toBe(a?.id);
  });

  it('gives the same id whether or not an outlet names the theatre\'s own state among the sides', () => {
    const sides = (...ids: string[]) => ids.map((id) => ({ id, name: id, kind: 'state' as const }));
    expect(eventId('agreement', 'SY', '2020-03-05', sides('RU', 'SY', 'TR'))).toBe(eventId('agreement', 'SY', '2020-03-05', sides('TR', 'RU', 'SY')));
    expect(eventId('agreement', 'CO', '2016-06-23', sides('CO', 'FARC'))).not.toBe(eventId('agreement', 'CO', '2016-06-23', sides('CO', 'ELN')));
  });

  it('gives byte-identical output for the same article', () => {
    expect(JSON.stringify(extractEvents(first))).toBe(JSON.stringify(extractEvents(first)));
  });

  it('emits events that satisfy the schema', () => {
    for (const event of [...extractEvents(first), ...extractEvents(second)]) CeasefireEventSchema.parse(event);
  });
});

describe('clauses of aim', () => {
  it('keeps a development reported after a clause of aim', () => {
    const events = extractEvents(
      articleOf(
        'Sudan army and RSF sign truce in Jeddah',
        'In order to consolidate the truce, both sides signed a week-long ceasefire in Jeddah on Saturday, Saudi and US mediators said. The ceasefire covers Khartoum and Darfur.',
        '2023-05-21',
      ),
    );
    expect(types(events)).toContain('agreement');
  });
});

describe('wider truce vocabulary', () => {
  it('reads an army ending a truce and resuming operations as a collapse, without the dateline as its venue', () => {
    const events = extractEvents(
      articleOf(
        'Army ends Idlib truce, says it will resume operations',
        'BEIRUT — Syria’s army said on Monday it was resuming military operations against rebels in Idlib province, bringing an end to a conditional ceasefire that had been in place for four days. Warplanes struck the outskirts of Khan Sheikhoun within hours.',
        '2019-08-05',
      ),
    );
    const collapse = events.find((e) => e.type === 'collapse')!;
    expect(collapse.theatre.country).toBe('SY');
    expect(collapse.venue).toBeUndefined();
  });

  it('takes "agree to halt fighting" and "halt to strikes" as truce language, and a shouted dateline as no area', () => {
    const events = extractEvents(
      articleOf(
        'Russia and Ukraine agree to halt fighting at sea after Riyadh talks',
        'WASHINGTON/KYIV — Russia and Ukraine have each agreed to stop using force in the Black Sea and to enforce a halt to strikes on each other’s energy facilities, the White House said on Tuesday after talks in Riyadh.',
        '2025-03-25',
      ),
    );
    const agreement = events.find((e) => e.type === 'agreement')!;
    expect(agreement.theatre.country).toBe('UA');
    expect(agreement.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['RU', 'UA']));
    expect(agreement.theatre.areas.map((a) => a.name)).not.toContain('KYIV');
  });

  it('keeps "suspends ceasefire talks" a breakdown of talks, not the end of a truce', () => {
    const events = extractEvents(
      articleOf('Sudan army suspends Jeddah ceasefire talks', 'Sudan’s army suspended its participation in the ceasefire talks in Jeddah on Wednesday, accusing the RSF of violations.', '2023-05-31'),
    );
    expect(types(events)).toContain('breakdown');
    expect(types(events)).not.toContain('collapse');
  });
});

describe('civil wars and immediate truces', () => {
  it('counts the government as a side of a truce with a rebel group, and an immediate truce as starting that day', () => {
    const events = extractEvents(
      articleOf(
        'Colombia and ELN agree immediate ceasefire',
        'BOGOTA — The government and the National Liberation Army (ELN) agreed on Friday to an immediate bilateral ceasefire, the presidency said, after talks in Havana. Rebel commanders said their fighters would respect it.',
        '2023-06-09',
      ),
    );
    const agreement = events.find((e) => e.type === 'agreement')!;
    expect(agreement.theatre.country).toBe('CO');
    expect(agreement.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['CO', 'eln']));
    expect(agreement.effective?.date).toBe('2023-06-09');
  });

  it('never starts a truce before it was agreed: a start told with the deal that is years older is history', () => {
    const [agreement] = extractEvents(
      articleOf(
        'Georgia and Abkhaz leaders sign ceasefire in Moscow',
        'MOSCOW — Georgian and Abkhaz leaders signed a ceasefire agreement in Moscow on Saturday, with Russian mediation. The two sides have signed several ceasefire documents since the war began in August 1992.',
        '1994-05-15',
      ),
    );
    expect(agreement?.occurred.date).toBe('1994-05-14');
    expect(agreement?.effective?.date).not.toBe('1992-08');
  });
});

describe('grain and shipping corridors', () => {
  it('reads a grain corridor deal and its end as developments, named as such', () => {
    const signed = extractEvents(
      articleOf(
        'Russia and Ukraine sign deals to reopen Black Sea grain exports',
        'ISTANBUL — Russia and Ukraine signed separate agreements with Turkey and the United Nations on Friday to reopen Ukraine’s Black Sea ports, creating a protected sea corridor in the middle of the war. Ships will be guided through a safe corridor to and from three ports.',
        '2022-07-22',
      ),
    );
    expect(types(signed)).toContain('agreement');
    const ended = extractEvents(
      articleOf(
        'Russia pulls out of Black Sea grain deal',
        'Russia said on Monday it was pulling out of the grain deal that has allowed Ukraine to ship grain across the Black Sea during the war, the Kremlin spokesman said.',
        '2023-07-17',
      ),
    );
    const collapse = ended.find((e) => e.type === 'collapse')!;
    expect(collapse.headline).toMatch(/^Grain deal/);
  });
});

describe('who reports and who agrees', () => {
  it('does not take a third state that announces a development for one of its sides', () => {
    const events = extractEvents(
      articleOf(
        'Qatar says Gaza truce extended by two days',
        'DOHA — Israel and Hamas have agreed to extend their truce in Gaza by two days, Qatar said on Monday, hours before the four-day pause in fighting was due to run out. Egypt, which helped to mediate, said it was in contact with both sides.',
        '2023-11-27',
      ),
    );
    const extension = events.find((e) => e.type === 'extension')!;
    expect(extension.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['IL', 'hamas']));
    expect(extension.parties.map((p) => p.id)).not.toContain('QA');
    expect(extension.mediators.map((m) => m.id)).toContain('EG');
  });
});

describe('negation inside a trigger and what merely can happen', () => {
  it.each([
    ['For now, the ceasefire in Gaza has not collapsed, though both sides accuse each other of breaches.', 'collapse'],
    ['The truce in Yemen can be renewed with the consent of both sides.', 'extension'],
    ['The pause can be extended by one day for every ten hostages freed.', 'extension'],
  ])('"%s" reports no %s', (sentence, type) => {
    expect(classifySentence(sentence, true)?.type).not.toBe(type);
  });
});

describe('calls', () => {
  it('reads a call for a truce as a proposal, and a call to respect one as none', () => {
    expect(classifySentence('Russia called for a humanitarian pause in Aleppo on Monday.', true)?.type).toBe('proposal');
    expect(classifySentence('Ban Ki-moon welcomed the truce and urged both sides to respect it.', true)?.type).not.toBe('proposal');
  });
});

describe('a deal recalled, not reported', () => {
  it('reads talks on carrying out "the agreement their leaders signed" as talks', () => {
    const hit = classifySentence('Commanders began talks on Monday on how to carry out the peace agreement their political leaders signed last week.', true);
    expect(hit).toMatchObject({ type: 'talks', strength: 'strong' });
  });
});

describe('names with letters beyond ASCII', () => {
  it('reads "Erdoğan agreed" as an agreement (the ğ does not make "an agreed" out of "Erdoğan agreed")', () => {
    const hit = classifySentence('Vladimir Putin and Recep Tayyip Erdoğan agreed a ceasefire in north-west Syria on Thursday after six hours of talks.', true);
    expect(hit).toMatchObject({ type: 'agreement', strength: 'strong', phrase: 'agreed' });
  });
});

describe('envoys and former officials', () => {
  it('takes the organisation an envoy serves as mediator, not the country a former president once led', () => {
    const events = extractEvents(
      articleOf(
        'Ethiopia and Tigray forces agree to end fighting',
        'PRETORIA — Ethiopia’s government and the Tigray People’s Liberation Front agreed on Wednesday to a permanent cessation of hostilities after ten days of talks. The agreement was announced by the African Union’s envoy for the Horn of Africa, the former Nigerian president Olusegun Obasanjo, who led the mediation.',
        '2022-11-02',
      ),
    );
    const agreement = events.find((e) => e.type === 'agreement')!;
    expect(agreement.mediators.map((m) => m.id)).toContain('african-union');
    expect([...agreement.mediators, ...agreement.parties].map((a) => a.id)).not.toContain('NG');
  });
});

describe('one development told twice', () => {
  it('folds "broke down last month" into "collapsed last week" when both name the same failure of talks', () => {
    const events = extractEvents(
      articleOf(
        'Powers agree Syria ceasefire in Munich',
        'MUNICH — World powers agreed on Friday to a cessation of hostilities in Syria. The Aleppo offensive led to the collapse of the first peace talks in two years last week. The talks broke down last month before they really started, due largely to gains by government forces.',
        '2016-02-12',
      ),
    );
    expect(events.filter((e) => e.type === 'breakdown')).toHaveLength(1);
  });
});

describe('who proposes', () => {
  it('names the side that put a proposal forward, not the ones that answered it', () => {
    const events = extractEvents(
      articleOf(
        'Russia proposes Syria ceasefire from March 1',
        'Russia proposed on Wednesday a nationwide ceasefire in Syria starting on March 1, but the United States and Britain rejected it as a ploy to let the Syrian army advance on Aleppo.',
        '2016-02-10',
      ),
    );
    const proposal = events.find((e) => e.type === 'proposal')!;
    expect(proposal.parties.map((p) => p.id)).toEqual(['RU']);
  });
});

describe('people', () => {
  it('keeps groups of people, places and assemblies out of the named officials', () => {
    const events = extractEvents(
      articleOf(
        'Hamas and Israel agree Gaza ceasefire',
        'Israel and Hamas agreed on Thursday to a ceasefire in Gaza, Egyptian mediators said. Analysts said the truce was fragile. A Jeddah official said talks on Sudan would resume. The UN General Assembly welcomed the deal, and Residents said the night was calm. Prime Minister Benjamin Netanyahu said Israel would respond to any attack.',
        '2021-05-20',
      ),
    );
    const names = events.flatMap((e) => e.people.map((p) => p.name));
    expect(names).toContain('Benjamin Netanyahu');
    for (const junk of ['Analysts', 'Jeddah', 'Assembly', 'Residents']) expect(names).not.toContain(junk);
  });
});

describe('when a truce took effect', () => {
  it('dates a truce that "began on 22 May" to that day, not to the report', () => {
    const events = extractEvents(
      articleOf(
        'Sudan truce largely holding, monitors say',
        'The short-term ceasefire in Sudan, which began on 22 May, has largely held in Khartoum and Omdurman, Saudi and US monitors said on Wednesday.',
        '2023-05-31',
      ),
    );
    const implementation = events.find((e) => e.type === 'implementation')!;
    expect(implementation.occurred.date).toBe('2023-05-22');
    expect(implementation.effective?.date).toBe('2023-05-22');
  });
});
