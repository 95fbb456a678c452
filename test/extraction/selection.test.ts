/** Stage 2, selection: news or background, and one development one event. */
import { describe, expect, it } from 'vitest';
import { extractEvents } from '#commons/extraction/index.ts';
import { articleOf } from '../helpers/articles.ts';

const summary = (title: string, body: string, published: string) =>
  extractEvents(articleOf(title, body, published)).map((e) => `${e.type} ${e.occurred.date}`);

describe('news or background', () => {
  it('keeps a development told in the past perfect or a relative clause as context of the news, not an item', () => {
    const events = extractEvents(
      articleOf(
        'Government and rebels agree new truce in Mindanao',
        [
          'The Philippine government and the Moro Islamic Liberation Front agreed on Tuesday to a new ceasefire in Mindanao after talks in Kuala Lumpur.',
          'The two sides had signed a truce in 2008 that collapsed within weeks.',
          'A previous ceasefire, which took effect in 2003, held for five years.',
          'Fighting in the region has displaced thousands of civilians.',
        ].join(' '),
        '2011-02-10',
      ),
    );
    expect(events.map((e) => `${e.type} ${e.occurred.date}`)).toEqual(['agreement 2011-02-08']);
    expect(events[0]!.background?.map((b) => b.quote)).toEqual([
      'The two sides had signed a truce in 2008 that collapsed within weeks.',
      'A previous ceasefire, which took effect in 2003, held for five years.',
    ]);
  });

  it('keeps breaches of a truce months old, told in the present perfect, as context; breaches since a truce of days ago stay news', () => {
    const old = summary(
      'Congo peace summit called off',
      [
        'A summit between the presidents of Congo and Rwanda in Luanda was called off on Sunday.',
        'A ceasefire took effect in early August, but both the army and the rebels have accused each other of breaching it.',
      ].join(' '),
      '2024-12-15',
    );
    expect(old).toEqual(['breakdown 2024-12-15']);
    const recent = summary(
      'Congo ceasefire shaken',
      'A ceasefire between the army and the M23 rebels took effect on Friday. The army says the rebels have attacked its positions 20 times since the truce began.',
      '2024-08-05',
    );
    expect(recent).toContain('violation 2024-08-05');
  });

  it('reads a hostage freed as news, the talks it precedes as a plan, and a truce that "has largely held" as how things stand', () => {
    const types = summary(
      'Rebels free former governor ahead of peace talks',
      [
        "MANILA — The New People's Army on Tuesday freed Juan Dela Cruz, a former provincial governor whom they had held for six months, handing him to church mediators.",
        'The release removes the last obstacle to peace talks with the Philippine government, which are to open on Monday.',
        'The truce has largely held, although both sides have reported incidents.',
      ].join(' '),
      '2019-03-13',
    );
    expect(types).toEqual(['humanitarian 2019-03-12']);
  });

  it('reports a recalled development when it is all the article reports', () => {
    const types = summary(
      'Sudan rivals under pressure over Darfur',
      "Sudan's army and the Rapid Support Forces had agreed on Monday to a ceasefire in Darfur, officials said. Negotiators from both sides meet again next week. Fighting continued in the region.",
      '2024-03-06',
    );
    expect(types).toEqual(['agreement 2024-03-04']);
  });
});

describe('attacks on a truce', () => {
  const truce = 'The Sudanese government and the Justice and Equality Movement agreed on Friday to a ceasefire across Darfur, mediators in Doha said.';

  it('reads an attack told against the truce as its violation though the sentence does not name it', () => {
    const types = summary(
      'Ceasefire agreed in Darfur',
      `${truce} Within hours of the announcement, gunmen attacked two villages near El Fasher on Saturday.`,
      '2019-05-12',
    );
    expect(types).toEqual(['agreement 2019-05-10', 'violation 2019-05-11']);
  });

  it('reads shells that "landed" or forces that "traded fire" after the deadline as a violation', () => {
    const landed = summary('Ceasefire agreed in Darfur', `${truce} Even after the deadline passed on Saturday, a dozen shells from the hills landed in El Fasher.`, '2019-05-12');
    expect(landed).toContain('violation 2019-05-11');
    const traded = summary('Ceasefire agreed in Darfur', `${truce} Hours after the truce began on Saturday, the two forces traded machine-gun fire near El Fasher.`, '2019-05-12');
    expect(traded.filter((t) => t.startsWith('violation'))).toHaveLength(1);
  });

  it('reads a clash dated by the truce\'s start ("after the ceasefire began") as a violation, not the start again', () => {
    const types = summary(
      'Ceasefire takes effect in Darfur',
      [
        'A ceasefire between the Sudanese government and the Justice and Equality Movement took effect across Darfur at noon on Saturday.',
        'The army said on Sunday that one of its patrols had exchanged fire with rebels near Nyala two hours after the ceasefire began.',
        'Government troops killed three rebels in clashes near Kutum after the truce took effect, a local official said.',
      ].join(' '),
      '2019-05-12',
    );
    expect(types).toEqual(['implementation 2019-05-11', 'violation 2019-05-12']);
  });

  it('leaves an attack told as before the truce, or without a cue, out of the feed', () => {
    expect(
      summary(
        'Ceasefire agreed in Darfur',
        `${truce} Gunmen attacked two villages on Friday morning, in the final hours before the ceasefire, despite the talks.`,
        '2019-05-12',
      ),
    ).toEqual(['agreement 2019-05-10']);
    expect(
      summary('Ceasefire agreed in Darfur', `${truce} Gunmen attacked two villages near El Fasher on Saturday.`, '2019-05-12'),
    ).toEqual(['agreement 2019-05-10']);
  });
});

describe('one development, one event', () => {
  it('dates the headline\'s deal by the day the body gives it, and keeps it one deal', () => {
    const types = summary(
      "Sudan's warring sides agree to new 72-hour truce, mediators say",
      [
        "RIYADH — Sudan's army and the Rapid Support Forces have agreed to a new 72-hour ceasefire, Saudi Arabia and the United States said.",
        '"Both sides agreed late on Saturday to refrain from attacks," the joint statement said.',
      ].join(' '),
      '2023-06-18',
    );
    expect(types).toEqual(['agreement 2023-06-17']);
  });

  it('folds talks told without a day into the deal they produced, dated by the text', () => {
    const types = summary(
      'Ethiopia, Tigray forces agree to cease hostilities',
      [
        'The Ethiopian government and forces from Tigray agreed on Wednesday to cease hostilities, mediators in Pretoria said.',
        'The United States congratulated the African Union mediators on the conclusion of the peace talks.',
      ].join(' '),
      '2022-11-04',
    );
    expect(types).toEqual(['agreement 2022-11-02']);
  });

  it('folds a deal told at two days in a row into one, dated as first told', () => {
    const types = summary(
      'Sudan rivals sign truce in Jeddah',
      "JEDDAH — Sudan's army and the Rapid Support Forces signed a ceasefire late on Saturday after talks brokered by Saudi Arabia. The two sides agreed on Sunday to a seven-day truce, the mediators said.",
      '2023-05-22',
    );
    expect(types).toEqual(['agreement 2023-05-20']);
  });

  it('folds an offer to extend a truce into the report of its expiry', () => {
    const types = summary(
      'Truce with rebels lapses in Mindanao',
      [
        'MANILA — The Philippine government\'s ceasefire with the New People\'s Army expired at midnight on Saturday after the two sides failed to agree on an extension.',
        'A government negotiator said the state had offered to extend the ceasefire on the same terms, but the rebels refused.',
      ].join(' '),
      '2024-08-04',
    );
    expect(types).toEqual(['collapse 2024-08-03']);
  });


  it('folds talks into the deal they produced the same day with the same sides', () => {
    const types = summary(
      'Russia and Turkey agree Idlib ceasefire after Moscow talks',
      'Russia and Turkey agreed on Thursday to a ceasefire in Syria\'s Idlib province. Presidents Vladimir Putin and Recep Tayyip Erdogan held six hours of talks in Moscow before the announcement. The truce takes effect at midnight.',
      '2020-03-05',
    );
    expect(types).toEqual(['agreement 2020-03-05']);
  });

  it('folds what was agreed into talks reported as falling short of a deal', () => {
    const types = summary(
      'US and Russia fall short of Syria truce deal',
      'The United States and Russia held talks in Geneva on Friday on a ceasefire in Syria but fell short of a deal. Kerry said the United States and Russia had agreed on most technical issues. Fighting continued around Aleppo.',
      '2016-08-26',
    );
    expect(types).toEqual(['talks 2016-08-26']);
  });

  it('keeps talks apart from a same-day deal between other sides', () => {
    const types = summary(
      'US and Russia reaffirm Syria truce as opposition backers meet in Paris',
      'The United States and Russia agreed on Monday in a joint statement to work to restore the cessation of hostilities in Syria. In Paris, France, Britain, Germany, Saudi Arabia and Qatar held talks with the Syrian opposition on keeping the truce alive.',
      '2016-05-09',
    );
    expect(types.sort()).toEqual(['agreement 2016-05-09', 'talks 2016-05-09']);
  });
});

describe('terms of a deal', () => {
  const events = extractEvents(
    articleOf(
      'Israel and Hamas agree four-day pause in Gaza',
      [
        'Israel and Hamas agreed on Wednesday to a four-day pause in the fighting in Gaza, mediated by Qatar.',
        'Under the deal, 50 hostages are to be released in exchange for 150 Palestinian prisoners.',
        'Hundreds of aid trucks will be allowed into the strip each day.',
        'The pause can be extended by a day for every ten additional hostages freed.',
      ].join(' '),
      '2023-11-22',
    ),
  );

  it('keeps releases, aid and a possible extension with the agreement, not as developments', () => {
    expect(events.map((e) => e.type)).toEqual(['agreement']);
    expect(events[0]!.terms?.map((t) => t.quote)).toEqual([
      'Under the deal, 50 hostages are to be released in exchange for 150 Palestinian prisoners.',
      'Hundreds of aid trucks will be allowed into the strip each day.',
      'The pause can be extended by a day for every ten additional hostages freed.',
    ]);
  });

  it('reports a step carried out the day of a deal as a development of its own', () => {
    const types = extractEvents(
      articleOf(
        'Israel and Hamas extend Gaza truce as hostages freed',
        'Israel and Hamas agreed on Thursday to extend the truce in Gaza by a day, Qatar said. Overnight, 16 hostages and 30 Palestinian prisoners were freed under the pause.',
        '2023-11-30',
      ),
    ).map((e) => e.type);
    expect(types.sort()).toEqual(['extension', 'humanitarian']);
  });
});

describe('one development', () => {
  it('folds a truce that took effect into the deal that set it, told the same day or without a day since', () => {
    const told = summary(
      'Chad and rebels agree to indefinite ceasefire',
      'The Chadian army and the Valley Liberation Front (VLF) have agreed to an indefinite ceasefire, ending seven weeks of fighting. The ceasefire went into effect at 7:00 p.m. Tuesday night.',
      '2031-08-27',
    );
    expect(told).toEqual(['agreement 2031-08-26']);
    const started = summary(
      'Chad ceasefire takes effect',
      'A ceasefire between the Chadian army and the Valley Liberation Front (VLF) took effect on Monday evening. The two sides agreed on Monday to halt the fighting.',
      '2031-08-26',
    );
    expect(started).toEqual(['implementation 2031-08-25']);
  });

  it('folds a proposal told without a day into the truce declared days before', () => {
    const types = summary(
      'Chad declares truce, offers rebels amnesty',
      "Chad's president declared a unilateral ceasefire in the north on Wednesday. The government also proposed a ceasefire commission and an amnesty for rebels who lay down their arms.",
      '2031-01-16',
    );
    expect(types).toEqual(['agreement 2031-01-15']);
  });
});

describe('not news', () => {
  it('finds no development in history told as history', () => {
    const types = summary(
      'Forty years on, veterans remember the day the guns fell silent',
      'Forty years ago this week, the ceasefire that ended the Iran-Iraq war took effect. Veterans gathered in Tehran on Saturday to mark the anniversary of the truce, which was agreed in August 1988 under UN Security Council Resolution 598.',
      '2028-08-20',
    );
    expect(types).toEqual([]);
  });

  it('finds no development in a history that opens years before the article, its yearless days included', () => {
    const types = summary(
      'How the valley war ended',
      'OSLO, June 30, 2031 -- On June 3, 2011, Chadian troops and the Valley Liberation Front (VLF) were still fighting for the river towns of Chad. On June 12, the two sides held talks on a ceasefire in a border village. Then, on June 21, they signed a ceasefire agreement that took effect at noon on June 22.',
      '2031-06-30',
    );
    expect(types).toEqual([]);
  });

  it('still reports the news of a report that opens by recalling an older deal', () => {
    const types = summary(
      'Valley ceasefire collapses',
      'The ceasefire signed on June 21, 2011 between the Chadian government and the Valley Liberation Front (VLF) collapsed on Tuesday when rebels attacked an army post.',
      '2031-06-30',
    );
    expect(types).toEqual(['collapse 2031-06-24']);
  });

  it('reads the development an anniversary marks as history, even on the day it is marked', () => {
    const types = summary(
      'Eritrea and Ethiopia mark 25th anniversary of ceasefire',
      'ASMARA — Eritrea and Ethiopia on Friday marked the 25th anniversary of the signing of a ceasefire that halted their border war. Veterans laid wreaths at the border.',
      '2025-12-13',
    );
    expect(types).toEqual([]);
  });

  it('keeps a development dated more than ten days before the article as background', () => {
    const types = summary(
      'Chad and rebels resume talks',
      'The Chadian government and the Valley Liberation Front (VLF) held a new round of talks in Doha on Monday. The two sides signed a ceasefire on March 2 in Addis Ababa.',
      '2031-03-18',
    );
    expect(types).toEqual(['talks 2031-03-17']);
  });

  it('finds no development in a piece its publisher files under opinion, whatever its headline', () => {
    const article = articleOf(
      'Sudan needs a ceasefire now',
      'The army and the Rapid Support Forces agreed on Monday to a ceasefire in Darfur, and it should be extended to the whole country.',
      '2024-06-05',
    );
    expect(extractEvents({ ...article, section: 'World, Opinion' })).toEqual([]);
    expect(extractEvents({ ...article, section: 'World, Africa' }).map((e) => e.type)).toEqual(['agreement']);
  });

  it('finds no development in an opinion piece that demands a ceasefire', () => {
    const types = summary(
      'Opinion: The world must demand a ceasefire in Sudan now',
      'The international community must demand an immediate ceasefire in Sudan. Every day without a truce costs hundreds of lives. Leaders should press the army and the Rapid Support Forces to agree to a lasting cessation of hostilities.',
      '2024-06-05',
    );
    expect(types).toEqual([]);
  });
});

describe('a prisoner exchange', () => {
  it('is a humanitarian development with its mediator, and the headline that names the deal is the same one', () => {
    const events = extractEvents(
      articleOf(
        'Russia and Ukraine swap prisoners in UAE-brokered deal',
        "Russia and Ukraine exchanged 95 prisoners of war each on Sunday in a swap mediated by the United Arab Emirates, both countries' officials said.",
        '2025-01-05',
      ),
    );
    expect(events.map((e) => `${e.type} ${e.occurred.date}`)).toEqual(['humanitarian 2025-01-05']);
    expect(events[0]!.parties.map((p) => p.id).sort()).toEqual(['RU', 'UA']);
    expect(events[0]!.mediators.map((p) => p.id)).toEqual(['AE']);
  });
});

describe('talks that break down', () => {
  it('are one development: the summit called off is the breakdown, not talks as well', () => {
    const types = summary(
      'Congo-Rwanda peace summit in Luanda called off as talks stall over M23',
      'A summit between the presidents of Congo and Rwanda that was meant to seal a peace deal for eastern Congo was called off on Sunday, officials said. Angola, which has mediated between the two neighbours, said the meeting in Luanda would not take place as planned.',
      '2024-12-15',
    );
    expect(types).toEqual(['breakdown 2024-12-15']);
  });
});

describe('a headline in the present tense', () => {
  it('announces a deal the sides "sign"', () => {
    const events = extractEvents(
      articleOf(
        'Ecuador and Peru sign ceasefire in Brasilia; Quito reports air attack',
        'Ecuador said on Saturday that Peruvian aircraft had attacked its positions in the Cenepa valley hours after the signing.',
        '1995-02-18',
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['agreement', 'violation']);
  });
});

describe('two developments in one sentence', () => {
  it('reports a deal and its breach told in clauses of their own, and not a truce named by what was done to it', () => {
    const types = summary(
      'Armenia and Azerbaijan sign truce; Yerevan reports shelling hours later',
      [
        'MOSCOW — Armenia and Azerbaijan signed a ceasefire in Nagorno-Karabakh late on Friday, but Armenia said on Saturday that Azerbaijani forces had shelled its positions hours after the signing.',
        'A truce declared by both sides in October was broken within days, and the two governments said they were working to "restore and sustain" the new one.',
      ].join(' '),
      '2020-12-12',
    );
    expect(types.sort()).toEqual(['agreement 2020-12-11', 'violation 2020-12-12']);
  });
});

describe('a truce\'s end told as a time', () => {
  it('dates the extension it comes before; it is no collapse', () => {
    const types = summary(
      'Gaza truce extended by two days',
      'Hours before the truce between Israel and Hamas expired, the two sides agreed on Monday to extend it by two days, Qatar said.',
      '2023-11-28',
    );
    expect(types).toEqual(['extension 2023-11-27']);
  });
});

describe('talks that collapse', () => {
  it('break down however many names stand between the talks and the verb, and in a headline\'s present tense', () => {
    const types = summary(
      'Colombia truce in doubt after talks with ELN collapse',
      "BOGOTÁ — Peace talks between Colombia's government and the U.S.-designated ELN rebels broke down late on Thursday after the rebels rejected a draft on disarmament.",
      '2019-01-18',
    );
    expect(types).toEqual(['breakdown 2019-01-17']);
  });
});

describe('talks frozen', () => {
  it('are a breakdown, whose moderator mediates', () => {
    const events = extractEvents(
      articleOf(
        'Philippines freezes peace talks with communist rebels over ambush',
        [
          'MANILA — The Philippine government froze its peace negotiations with the New People\'s Army on Monday after an ambush killed four soldiers.',
          'A Norwegian diplomat who moderates the negotiations said he had spoken to both delegations.',
          'The talks have been put on hold twice before.',
        ].join(' '),
        '2017-02-06',
      ),
    );
    expect(events.map((e) => `${e.type} ${e.occurred.date}`)).toEqual(['breakdown 2017-02-06']);
    expect(events[0]!.mediators.map((m) => m.id)).toEqual(['NO']);
  });
});

describe('a truce that expires', () => {
  it('collapses the day the text gives, with the failed efforts to extend it folded in, and earlier truces as background', () => {
    const events = extractEvents(
      articleOf(
        "Yemen's truce lapses",
        [
          'The nationwide truce that gave Yemen its longest respite from war expired at 7 p.m. on Sunday, after last-minute efforts by the United Nations to extend it failed.',
          'The Houthis said the talks had reached a dead end.',
          'Two earlier truces, agreed in 2016 and in 2018, both broke down within weeks.',
        ].join(' '),
        '2022-10-03',
      ),
    );
    expect(events.map((e) => `${e.type} ${e.occurred.date}`)).toEqual(['collapse 2022-10-02']);
  });
});
