/** Stage 3, roles: parties fight and agree; mediators host, broker, announce for others or author the plan. */
import { describe, expect, it } from 'vitest';
import { extractEvents } from '#commons/extraction/index.ts';
import { articleOf } from '../helpers/articles.ts';

const primary = (title: string, body: string, published: string) => extractEvents(articleOf(title, body, published))[0]!;
const ids = (actors: { id: string }[]) => actors.map((a) => a.id).sort();

describe('mediators', () => {
  it('reads the mediators after "mediated by" up to the end of their list, and "US mediation" as no side', () => {
    const event = primary(
      'Eritrea, Djibouti agree ceasefire following US mediation',
      'Eritrea and Djibouti agreed on Saturday to a ceasefire along their border. "After a long night of talks mediated by the United States, I am pleased to announce that Eritrea and Djibouti have agreed to a full ceasefire," the president wrote.',
      '2031-05-11',
    );
    expect(ids(event.parties)).toEqual(['DJ', 'ER']);
    expect(ids(event.mediators)).toEqual(['US']);
  });

  it('makes the states of a headline\'s "X and Y say" sources, not sides', () => {
    const event = primary(
      "Chad's warring sides agree to new truce, Niger and Nigeria say",
      'The Chadian army and the Valley Liberation Front (VLF) agreed to a new 72-hour ceasefire starting on Sunday, the two mediating states said on Saturday.',
      '2031-06-21',
    );
    expect(ids(event.parties)).toEqual(['TD', 'valley-liberation-front']);
  });

  it('reads a capital joined to a mediation word ("the Moscow-brokered truce") as its broker', () => {
    const event = primary(
      'Chad and rebels reach ceasefire agreement',
      'Their leaders signed an agreement yesterday to stop all fighting. The Moscow-brokered truce between the Chadian government and the Valley Liberation Front (VLF) was agreed on in Niamey.',
      '2031-09-19',
    );
    expect(ids(event.mediators)).toEqual(['RU']);
  });

  it('takes no mediator from the objects of a mediation verb or from after a broker fused to it', () => {
    const objects = primary(
      'Truce takes hold in Gaza',
      'Turkey brokered the ceasefire between Hamas and Israel that took hold in Gaza on Wednesday after eight days of fighting.',
      '2031-05-13',
    );
    expect(ids(objects.mediators)).toEqual(['TR']);
    expect(ids(objects.parties)).toEqual(['IL', 'hamas']);
    const fused = primary('Turkish-brokered Hamas-Israel ceasefire takes hold', 'A ceasefire took hold in Gaza on Wednesday after eight days of fighting.', '2031-05-13');
    expect(ids(fused.mediators)).toEqual(['TR']);
  });

  it('reads "Hamas-Israel ceasefire" as naming both sides, not a place', () => {
    const event = primary('Turkish-brokered Hamas-Israel ceasefire takes hold', 'A ceasefire took hold in Gaza on Wednesday after eight days of fighting.', '2031-05-13');
    expect(ids(event.parties)).toEqual(['IL', 'hamas']);
  });

  it('makes the state whose diplomats "led efforts to secure" the deal its mediator', () => {
    const event = primary(
      'Ceasefire agreed by Chad factions',
      'The Chadian government and the Valley Liberation Front (VLF) agreed on Tuesday to a ceasefire. Nigerian diplomats, who have led efforts to secure an agreement, warned that it was only a start.',
      '2031-05-20',
    );
    expect(ids(event.mediators)).toEqual(['NG']);
  });

  it('makes an official who speaks after a comma ("Majid al-Ansari, said") a source, not a side', () => {
    const event = primary(
      'Ceasefire between Chad and rebels will go into effect on Sunday',
      'The Chadian army and the Valley Liberation Front (VLF) agreed on Friday to a ceasefire that will go into effect in less than 24 hours. In a post on X, Niger\'s foreign minister Ali Musa, said the ceasefire would begin at 8:30 a.m.',
      '2031-01-18',
    );
    expect(ids(event.parties)).toEqual(['TD', 'valley-liberation-front']);
  });

  it('makes a state that announces a development between others its mediator, not a side', () => {
    const event = primary(
      'Israel and Hamas extend Gaza truce by two days',
      'Israel and Hamas have agreed to extend their truce in Gaza by two days, Qatar said on Monday. Israeli strikes had pounded the strip for seven weeks before the pause.',
      '2023-11-27',
    );
    expect(ids(event.parties)).toEqual(['IL', 'hamas']);
    expect(ids(event.mediators)).toEqual(['QA']);
  });

  it('makes a state that announces a deal in the headline and the lead its mediator', () => {
    const event = primary(
      'Gaza truce agreed as Qatar announces deal',
      'Qatar said Thursday that Israel and Hamas had agreed to a four-day truce in Gaza, to take effect at 7 a.m. on Friday. Israeli warplanes struck Khan Younis on Thursday night.',
      '2023-11-23',
    );
    expect(ids(event.parties)).toEqual(['IL', 'hamas']);
    expect(ids(event.mediators)).toEqual(['QA']);
    expect([event.occurred.date, event.effective?.date]).toEqual(['2023-11-23', '2023-11-24']);
  });

  it('makes the author of the plan the sides accepted a mediator', () => {
    const event = primary(
      'Israel and Lebanon accept ceasefire',
      'Israel and Lebanon accepted on Tuesday an American and French proposal to end the fighting between Israel and Hezbollah. Israeli forces are to withdraw from southern Lebanon within 60 days.',
      '2024-11-26',
    );
    expect(ids(event.mediators)).toEqual(['FR', 'US']);
  });

  it('never makes a state the text shows fighting a mediator', () => {
    const event = primary(
      'Hamas accepts Gaza truce',
      'Hamas agreed on Monday to a ceasefire in Gaza, Israel said, after Egyptian mediation. Israeli troops remained in Rafah.',
      '2024-05-06',
    );
    expect(ids(event.mediators)).toEqual(['EG']);
  });

  it('makes the states a mediation cue lists after a colon its mediators, not sides', () => {
    const event = primary(
      'Ethiopia and Eritrea sign ceasefire',
      'Ethiopia and Eritrea signed a ceasefire on Sunday. It was negotiated over three weeks with the guarantors of the border commission, which drew the line between the two countries: Algeria, Portugal and the United States.',
      '2000-06-19',
    );
    expect(ids(event.parties)).toEqual(['ER', 'ET']);
    expect(ids(event.mediators)).toEqual(['DZ', 'PT', 'US']);
  });

  it('takes no mediator from a sentence that only recalls an earlier development', () => {
    const event = primary(
      'Armenia and Azerbaijan agree truce in Moscow',
      [
        'Armenia and Azerbaijan agreed on Tuesday to a ceasefire in Nagorno-Karabakh after talks hosted by Russia in Moscow.',
        'Two humanitarian truces brokered in October by France and the United States had each collapsed within hours.',
      ].join(' '),
      '2020-11-10',
    );
    expect(ids(event.mediators)).toEqual(['RU']);
    expect(ids(event.parties)).toEqual(['AM', 'AZ']);
    expect(event.theatre.country).toBe('AZ');
  });

  it('makes guarantor states, and a state whose minister hosted the talks, mediators', () => {
    const guarantors = primary(
      'Colombia and ELN agree ceasefire',
      'The Colombian government and the National Liberation Army (ELN) agreed on Friday to a bilateral ceasefire, with Cuba and Norway as guarantors.',
      '2023-06-10',
    );
    expect(ids(guarantors.mediators)).toEqual(['CU', 'NO']);
    const host = primary(
      'Ecuador and Peru sign ceasefire',
      "Ecuador and Peru signed a ceasefire on Friday. Brazil's foreign minister, Luiz Felipe Lampreia, who hosted the talks, said the border war was over.",
      '1995-02-18',
    );
    expect(ids(host.mediators)).toEqual(['BR']);
  });

  it('takes the mediators of a main clause whose relative clause recalls the deal', () => {
    const event = primary(
      'Chad rebels sign truce',
      'The Valley Liberation Front (VLF) signed a ceasefire with the Chadian government on Tuesday. Weeks of haggling ended when a formula was brokered by Nigerien and Malian officials, under which the ceasefire agreement was signed by every VLF commander.',
      '2031-08-31',
    );
    expect(ids(event.mediators)).toEqual(['ML', 'NE']);
  });

  it('makes the state that sponsored the talks a mediator, also from a relative clause with "whose country"', () => {
    const relative = primary(
      'Chad rebels sign truce',
      "Chad and the Valley Liberation Front (VLF) signed a ceasefire yesterday. Niger's president, Ali Mahamane Issoufou, whose country sponsored the negotiations for a month, promised to send monitors.",
      '2031-02-24',
    );
    expect(ids(relative.mediators)).toEqual(['NE']);
    expect(ids(relative.parties)).toEqual(['TD', 'valley-liberation-front']);
    const fused = primary('Nigerien-sponsored truce holds in Chad', 'The ceasefire between Chad and the Valley Liberation Front (VLF) held on Sunday.', '2031-02-24');
    expect(ids(fused.mediators)).toEqual(['NE']);
  });

  it('takes no announcer from a state named as a place ("television, monitored in Cyprus, said")', () => {
    const event = primary(
      'Chad and Libya halt desert war',
      "Chad and Libya agreed to a truce in their desert war on Friday, though Chadian officials reported fresh Libyan air strikes in Chad. Libyan jets hit two oases in northern Chad that morning. Chad's information minister said the government would honour the truce, and Libyan state television, monitored in Cyprus, said Tripoli accepted it too.",
      '2031-09-12',
    );
    expect(ids(event.mediators)).toEqual([]);
    expect(ids(event.parties)).toEqual(['LY', 'TD']);
  });

  it('keeps a state that "says" it negotiated a ceasefire its mediator, and gives the truce\'s collapse the truce\'s sides', () => {
    const events = extractEvents(
      articleOf(
        'Nigeria says negotiated ceasefire between Chad, Cameroon',
        "Nigeria said Tuesday it had negotiated a ceasefire between Chad and Cameroon, after border clashes left dozens dead. Officials in N'Djamena said the ceasefire broke down within an hour.",
        '2031-09-13',
      ),
    );
    const deal = events.find((e) => e.type === 'agreement')!;
    expect(ids(deal.parties)).toEqual(['CM', 'TD']);
    expect(ids(deal.mediators)).toEqual(['NG']);
    expect(ids(events.find((e) => e.type === 'collapse')!.parties)).toEqual(['CM', 'TD']);
  });

  it('reads "Moscow time" as a time zone, not Russia and not a place', () => {
    const event = primary(
      'Chad and Cameroon agree border ceasefire',
      'Chad and Cameroon agreed on Monday to a ceasefire along their border from 9:00 a.m. Moscow time on Tuesday, officials in Yaounde said.',
      '2031-09-15',
    );
    expect(ids(event.parties)).toEqual(['CM', 'TD']);
    expect(event.theatre.country).not.toBe('RU');
  });

  it('takes no mediator from a sentence dated long before the news', () => {
    const event = primary(
      'Yemen rivals agree truce',
      'The Yemeni government and the Houthis agreed on Saturday to a two-month truce brokered by the United Nations. Earlier talks hosted by Kuwait in 2016 ended without a deal.',
      '2022-04-02',
    );
    expect(ids(event.mediators)).toEqual(['un']);
  });
});

describe('an armed group the dictionaries lack', () => {
  it('becomes a side with a slug id from the name the article defines it by', () => {
    const event = primary(
      'Myanmar junta and ethnic rebels agree truce in Chin State',
      "Myanmar's military government and the Zomi Revolutionary Front (ZRF) agreed on Thursday to a ceasefire in Chin State after talks in Kunming hosted by China, the group said. The ZRF said its fighters would stop attacks on army posts from Friday.",
      '2024-03-08',
    );
    expect(event.parties).toEqual(expect.arrayContaining([{ id: 'zomi-revolutionary-front', name: 'Zomi Revolutionary Front', kind: 'armed-group' }]));
    expect(ids(event.parties)).toContain('MM');
    expect(ids(event.mediators)).toEqual(['CN']);
  });

  it('is named by the words its acronym spells, not by the people or groups named before them', () => {
    const event = primary(
      'Myanmar junta and Chin rebels agree truce',
      "Myanmar's military government and Salai Thang of the Zomi Revolutionary Front (ZRF) agreed on Thursday to a ceasefire in Chin State.",
      '2024-03-08',
    );
    expect(ids(event.parties)).toEqual(['MM', 'zomi-revolutionary-front']);
  });

  it('leaves a known group and a name without words of arms alone', () => {
    const events = extractEvents(
      articleOf(
        'Colombia and ELN extend truce',
        'The Colombian government and the National Liberation Army (ELN) agreed on Monday to extend their ceasefire, the Electoral Observation Mission (MOE) said.',
        '2024-02-06',
      ),
    );
    expect(ids(events[0]!.parties)).toEqual(['CO', 'eln']);
  });
});

describe('third states', () => {
  it("makes a third state's official who attends the talks no side, and one who agreed a side", () => {
    const attended = primary(
      'Ivorian government and rebels agree ceasefire',
      "Senegal's Foreign Minister Amadou Diallo emerged from the meeting in Bouake and said the government and the rebels had agreed to cease hostilities on Friday.",
      '2031-10-17',
    );
    expect(ids(attended.parties)).toEqual(['CI', 'rebels-ci']);
    const agreed = primary(
      'Kyrgyzstan and Tajikistan agree border ceasefire',
      'Kyrgyz President Sadyr Japarov and his Tajik counterpart Emomali Rahmon agreed on Friday to a ceasefire along the border, where Kyrgyz troops had shelled villages.',
      '2031-09-16',
    );
    expect(ids(agreed.parties)).toEqual(['KG', 'TJ']);
  });

  it('makes the host whose official took part in the talks a mediator beside another', () => {
    const event = primary(
      'Armenia, Azerbaijan agree humanitarian ceasefire after Moscow talks',
      'Armenia and Azerbaijan agreed on Saturday to a humanitarian ceasefire after ten hours of talks in Moscow with Russian Foreign Minister Sergey Lavrov. The OSCE Minsk Group, which mediates, welcomed the deal.',
      '2031-10-10',
    );
    expect(ids(event.mediators)).toContain('RU');
    expect(ids(event.parties)).toEqual(['AM', 'AZ']);
  });
});

describe('names two states share', () => {
  it('reads "Congolese" as the Republic of the Congo in a report that names Brazzaville and never the DRC', () => {
    const brazzaville = primary(
      'Congolese government and Pool rebels sign truce',
      'The Congolese government signed a ceasefire on Friday with rebels in the Pool region west of Brazzaville, Congolese Interior Minister Paul Okemba said.',
      '2031-12-23',
    );
    expect(brazzaville.theatre.country).toBe('CG');
    expect(ids(brazzaville.parties)).toEqual(['CG', 'rebels-cg']);
    const kinshasa = primary('Congolese army and rebels sign truce', 'The Congolese army signed a ceasefire on Friday with rebels in the east, officials in Kinshasa said.', '2031-12-23');
    expect(kinshasa.theatre.country).toBe('CD');
  });
});

describe('a unilateral declaration', () => {
  it('is one side\'s when one side announces a truce and no deal is named, "unilateral" or not', () => {
    const declared = primary(
      'Chad rebels announce truce',
      'The Valley Liberation Front (VLF) announced on Friday a three-day ceasefire in its war with the Chadian army for the Eid holiday.',
      '2031-07-26',
    );
    expect(ids(declared.parties)).toEqual(['valley-liberation-front']);
    const agreed = primary('Chad, rebels announce truce', 'The Chadian government and the Valley Liberation Front (VLF) announced on Friday a ceasefire agreement.', '2031-07-26');
    expect(ids(agreed.parties)).toEqual(['TD', 'valley-liberation-front']);
  });

  it('has one side, the one that declared it, and says so in its headline', () => {
    const event = primary(
      'Thailand declares unilateral ceasefire on Cambodian border',
      'Thailand declared a unilateral ceasefire along its border with Cambodia on Monday, a government spokesman said, after four days of clashes that killed 33 people. Cambodia did not immediately respond.',
      '2025-07-28',
    );
    expect(ids(event.parties)).toEqual(['TH']);
    expect(event.headline).toMatch(/^Thailand declares ceasefire/);
  });

  it('is the war\'s armed group\'s when "the paramilitaries" declare it without naming themselves', () => {
    const event = primary(
      'Chadian paramilitaries declare truce',
      "In Chad, right-wing paramilitaries declared a unilateral cease-fire on Friday, saying they want negotiations with the government.\n\nThe Valley Liberation Front (VLF) said in a statement it would stop all attacks on the army, and asked the church to oversee talks with Chad.",
      '2031-11-29',
    );
    expect(ids(event.parties)).toEqual(['valley-liberation-front']);
  });

  it('stays one side\'s when a deal is only the cause ("declared a truce after ... an amnesty deal")', () => {
    const event = primary(
      'Chad rebels declare truce',
      'The Valley Liberation Front (VLF) declared a 60-day truce in its war with the Chadian army after the release of its leader under an amnesty deal.',
      '2031-07-14',
    );
    expect(ids(event.parties)).toEqual(['valley-liberation-front']);
  });
});

describe('the host of talks', () => {
  it('mediates when the talks are held in its city and no other mediator is named', () => {
    const event = primary(
      'Ethiopian officials and Ogaden rebels hold talks in Nairobi',
      'Ethiopian government officials and the Ogaden National Liberation Front (ONLF) held talks in Nairobi on Monday on a ceasefire in the Somali region. Fighting in the region has displaced thousands.',
      '2024-03-12',
    );
    expect(event.venue?.name).toBe('Nairobi');
    expect(ids(event.mediators)).toEqual(['KE']);
    expect(ids(event.parties)).toEqual(['ET', 'onlf']);
  });
});

describe('a group named with its fighters', () => {
  it('keeps "Tamil Tiger rebels" a side, where "Sri Lankan rebels" would only name the war\'s place', () => {
    const event = primary(
      'Ceasefire signed in Sri Lanka',
      'The Sri Lankan government and Tamil Tiger rebels have signed a ceasefire to take effect on Saturday.',
      '2031-03-06',
    );
    expect(ids(event.parties)).toEqual(['LK', 'ltte']);
  });
});

describe('rebels the report does not name', () => {
  it('makes the rebels of a civil war a side, or the one armed group of that war the article names elsewhere', () => {
    const unnamed = primary('Chad, rebels sign truce', 'The Chadian government and rebel leaders signed a ceasefire in the capital on Tuesday.', '2031-03-06');
    expect(unnamed.parties.map((p) => [p.id, p.name])).toEqual([['TD', 'Chad'], ['rebels-td', 'Rebels in Chad']]);
    const named = primary(
      'Chad, rebels sign truce',
      'The Chadian government and rebel leaders signed a ceasefire in the capital on Tuesday. The Valley Liberation Front (VLF) has fought the army since 2020.',
      '2031-03-06',
    );
    expect(ids(named.parties)).toEqual(['TD', 'valley-liberation-front']);
  });
});

describe('a capital named as a capital', () => {
  it('is where the sides signed, not a side', () => {
    const event = primary(
      'Ethiopia, Tigray forces sign truce',
      'Delegates of the Ethiopian government and the Tigray People\'s Liberation Front signed a ceasefire in the Kenyan capital Nairobi on Wednesday.',
      '2031-11-06',
    );
    expect(ids(event.parties)).toEqual(['ET', 'tplf']);
  });
});

describe('a state where the sides signed', () => {
  it('is the venue, not the place of the war', () => {
    const event = primary(
      'Chad factions sign ceasefire in Niger',
      'Rival armed groups from Chad have signed a ceasefire agreement in Niger. The agreement was signed in Niger between the Valley Liberation Front (VLF) and the Desert Army.',
      '2031-07-24',
    );
    expect(event.theatre.country).toBe('TD');
    expect(ids(event.parties)).not.toContain('NE');
  });
});

describe('the state whose city the sides met in', () => {
  it('hosts them, unless it is among those who agreed', () => {
    const hosted = primary(
      'Eritrea, Ethiopia agree truce',
      'Following ten-hour talks in Nairobi, Ethiopia and Eritrea agreed on a ceasefire along their border on Saturday. Kenya, Ethiopia and Eritrea issued a joint statement after the talks.',
      '2031-10-11',
    );
    expect([ids(hosted.parties), ids(hosted.mediators)]).toEqual([['ER', 'ET'], ['KE']]);
    const agreed = primary(
      'Nigeria and Chad agree truce with rebels',
      'The presidents of Nigeria and Chad agreed in Abuja on Thursday to a ceasefire with the Valley Liberation Front (VLF) on their border, after talks in Abuja.',
      '2031-10-11',
    );
    expect(ids(agreed.parties)).toEqual(['NG', 'TD', 'valley-liberation-front']);
  });
});

describe('a truce whose reports name no side', () => {
  it('is between the two sides of the war the article tells', () => {
    const event = primary(
      'Chad cease-fire takes hold',
      [
        'On Saturday, a cease-fire went into effect here after twelve years of war.',
        'Crowds filled the streets of the capital before dawn.',
        'Church bells rang across the country.',
        'Many had waited for this day since the first peace talks.',
        'Later in the week, the Chadian army and the guerrillas of the Valley Liberation Front (VLF) will withdraw to designated camps.',
      ].join(' '),
      '2031-02-02',
    );
    expect(ids(event.parties)).toEqual(['TD', 'valley-liberation-front']);
  });

  it('leaves a breach whose report names no side without sides: whose it was is the report\'s to say', () => {
    const events = extractEvents(
      articleOf(
        'Chad army and rebels hold talks in Niamey',
        'Delegations of the Chadian army and the Valley Liberation Front (VLF) met in Niamey on Tuesday for talks on a ceasefire. The talks are the first in months. Aid groups have long asked for a pause in the fighting. In Abeche, residents said the truce was violated when shells hit a market.',
        '2031-03-12',
      ),
    );
    expect(events.find((e) => e.type === 'violation')?.parties).toEqual([]);
  });
});

describe('sources that speak', () => {
  it('makes officials of a third state who announce or comment sources or mediators, never sides; the rebels named first stay a side', () => {
    const rejected = primary(
      'Hamas rejects Israeli truce proposal, says talks at impasse',
      'CAIRO — Hamas on Tuesday rejected an Israeli proposal for a six-week truce in Gaza, saying it did not include an end to the war, and Egyptian officials said negotiations in Cairo had reached an impasse. Israeli troops pressed on with their offensive in Rafah.',
      '2024-05-14',
    );
    expect([rejected.type, ids(rejected.parties), ids(rejected.mediators), ids(rejected.excluded)]).toEqual(['breakdown', ['IL', 'hamas'], ['EG'], []]);
    const agreed = primary(
      'Israel and Hamas agree Gaza ceasefire, hostage release deal',
      "DOHA — Israel and Hamas have agreed to a ceasefire in Gaza and an exchange of Israeli hostages for Palestinian prisoners, Qatar's prime minister said on Wednesday. U.S. President Joe Biden said the deal would halt the fighting. Israeli air strikes killed at least 20 people in Gaza on Wednesday night.",
      '2025-01-15',
    );
    expect([ids(agreed.parties), ids(agreed.mediators)]).toEqual([['IL', 'hamas'], ['QA']]);
  });
});

describe('"the two sides"', () => {
  it('are the sides of the main development when a later development names no side of its own', () => {
    const events = extractEvents(
      articleOf(
        'Ceasefire takes effect in Hodeidah',
        [
          "A ceasefire between Yemen's government and the Houthis took effect in Hodeidah at midnight on Tuesday.",
          'At the end of a week of talks in Sweden, the two sides agreed last Thursday to a ceasefire in the city.',
        ].join(' '),
        '2018-12-18',
      ),
    );
    expect(events.map((e) => [e.type, ids(e.parties)])).toEqual([
      ['implementation', ['YE', 'houthis']],
      ['agreement', ['YE', 'houthis']],
    ]);
  });
});

describe('news outlets named after a state', () => {
  it('are no side: "Agence France-Presse" does not make France a party', () => {
    const event = primary(
      'Sudan rivals agree 72-hour truce',
      "Sudan's army and the Rapid Support Forces agreed on Saturday to a 72-hour ceasefire, a spokesman told Agence France-Presse. Residents told Voice of America that the night was calm.",
      '2023-06-18',
    );
    expect(ids(event.parties)).toEqual(['SD', 'rsf']);
  });
});

describe('sides listed with commas', () => {
  it('are all sides ("Ethiopia, Tigray forces agree"), while a country after its city is a place', () => {
    const event = primary(
      'Ethiopia, Tigray forces agree to cease hostilities',
      'Delegates of the two sides signed a permanent cessation of hostilities on Wednesday at talks in Pretoria, South Africa, the African Union said.',
      '2022-11-04',
    );
    expect(ids(event.parties)).toEqual(['ET', 'tplf']);
  });
});

describe('the theatre', () => {
  it('is the country whose government faces the rebels', () => {
    const event = primary(
      'Ceasefire takes effect in civil war',
      'A ceasefire between Peru\'s government and the guerrillas took effect at midnight on Saturday. The war had long turned opinion in Washington against military aid.',
      '1992-02-01',
    );
    expect(event.theatre.country).toBe('PE');
  });

  it('is never the dateline\'s country on its own', () => {
    const event = primary(
      'Guatemala and rebels agree definitive ceasefire',
      'OSLO — The Guatemalan government and the Guatemalan National Revolutionary Unity (URNG) agreed on Wednesday to a definitive ceasefire, which both sides are to sign in Guatemala City next month.',
      '1996-12-05',
    );
    expect(event.theatre.country).toBe('GT');
  });

  it('takes its areas from the terms of the deal too', () => {
    const event = primary(
      'Sudan and rebels sign truce in Juba',
      [
        "Sudan's government and the Sudan People's Liberation Movement-North signed a ceasefire in Juba on Monday after talks hosted by South Sudan.",
        'Under the deal, aid convoys are to be allowed into the Nuba Mountains and government troops are to withdraw from Kadugli.',
      ].join(' '),
      '2020-10-06',
    );
    expect(event.theatre.country).toBe('SD');
    expect(event.theatre.areas.map((a) => a.name)).toContain('Kadugli');
  });

  it('is never the city where the sides met or signed, however the sentence words it', () => {
    const event = primary(
      'Ethiopia and Eritrea sign ceasefire in Algiers',
      [
        'The foreign ministers of Ethiopia and Eritrea signed a ceasefire on Sunday after talks hosted by Algeria.',
        'They met for three hours in Algiers, where both were attending an African Union summit.',
        'Ethiopian and Eritrean troops clashed on the border last month.',
      ].join(' '),
      '2000-06-19',
    );
    expect(['ET', 'ER']).toContain(event.theatre.country);
    expect(ids(event.mediators)).toEqual(['DZ']);
  });
});
