import { describe, expect, it } from 'vitest';
import { findDates, historyOpening, referenceDate, storyYears } from '#commons/extraction/dates.ts';
import { extractEvents } from '#commons/extraction/index.ts';
import { articleOf } from '../helpers/articles.ts';

const published = (date: string) =>
  referenceDate({ body: '', receivedAt: '2026-11-22T00:00:00.000Z', publishedAt: { date, precision: 'day', basis: 'metadata' } });

describe('dates', () => {
  it('resolves a weekday in a report to the last such day, basis relative', () => {
    const [d] = findDates('Major powers agreed on Friday to a cessation of hostilities', published('2016-02-12'), false);
    expect(d?.ref).toEqual({ date: '2016-02-12', precision: 'day', basis: 'relative' });
    const [monday] = findDates('there were air raids on Monday', published('2016-05-11'), false);
    expect(monday?.ref.date).toBe('2016-05-09');
  });

  it('finds where a history opens, past its dateline, and follows the year its story reaches', () => {
    const history = ['PRAGUE, June 30, 2031 -- On June 3, 2011, rebels took the city.', 'On June 12, talks began.', 'A second war came in 2014.', 'In May 2,000 troops left.'];
    expect(historyOpening(history, published('2031-06-30'))?.date).toBe('2011-06-03');
    expect(storyYears(history, published('2031-06-30'))).toEqual([undefined, 2011, 2011, 2014]);
    const [june12] = findDates(history[1]!, { ...published('2031-06-30'), storyYear: 2011 }, false);
    expect(june12?.ref.date).toBe('2011-06-12');
    expect(historyOpening(['KYIV — The sides agreed on Wednesday to renew the truce of June 3, 2011.'], published('2031-06-30'))).toBeUndefined();
    expect(historyOpening(['No date here.', 'Talks resumed on Monday.'], published('2031-06-30'))).toBeUndefined();
  });

  it('starts a truce from a date only right after "from" or "as of", not from a statement "from the president\'s office"', () => {
    const roles = (text: string) => findDates(text, published('2031-06-07'), false).map((m) => [text.slice(m.start, m.end).trim(), m.role]);
    expect(roles("A statement from the president's office on Thursday said the truce holds.")).toEqual([['on Thursday', 'occurred']]);
    expect(roles('The agreement was effective as of 20:00 GMT on Sunday.')).toEqual([['20:00 GMT on Sunday', 'effective']]);
    expect(roles('A truce with effect from 17:00 on Friday.')).toEqual([['from 17:00 on Friday', 'effective']]);
  });

  it('gives a deal the start a later sentence sets ("is to begin April 1", "to take effect in six days")', () => {
    const [deal] = extractEvents(
      articleOf('Chad, rebels sign truce', 'The Chadian government and the rebels signed a ceasefire on Wednesday. The ceasefire is to begin April 1.', '2031-03-21'),
    );
    expect([deal?.occurred.date, deal?.effective?.date]).toEqual(['2031-03-19', '2031-04-01']);
    const [declared] = extractEvents(
      articleOf('Chad rebels declare truce', 'The Valley Liberation Front (VLF) announced on Wednesday a unilateral ceasefire in Chad to take effect in six days.', '2031-03-20'),
    );
    expect(declared?.effective?.date).toBe('2031-03-26');
  });

  it('reads the start cue before "at midnight local time" as the start of the day that follows', () => {
    const [start] = findDates('The two leaders agreed to start the ceasefire at midnight local time Tuesday, the host said.', published('2031-07-28'), false);
    expect(start).toMatchObject({ role: 'effective', ref: { date: '2031-07-29' } });
  });

  it('reads "last night" as the evening before the report', () => {
    const [night] = findDates('A ceasefire was agreed along the border last night after a day of shelling.', published('2031-06-15'), false);
    expect(night).toMatchObject({ role: 'occurred', ref: { date: '2031-06-14', basis: 'relative' } });
  });

  it('reads "midnight of February 24/25" in the article\'s year, and a start told as past ("was effective as of ... on Sunday") as behind the report', () => {
    const [night] = findDates('The two armies agreed to stop firing with effect from midnight of February 24/25.', published('2031-02-25'), false);
    expect(night?.ref.date.slice(0, 4)).toBe('2031');
    const [sunday] = findDates('He added that the agreement was effective as of 20:00 GMT on Sunday.', published('2031-08-26'), false);
    expect(sunday).toMatchObject({ role: 'effective', ref: { date: '2031-08-24' } });
  });

  it('dates a deal\'s start from a sentence of its own that says it "was effective as of ..."', () => {
    const [deal] = extractEvents(
      articleOf(
        'Chad and rebels sign ceasefire',
        'The Chadian government and the Valley Liberation Front (VLF) signed a ceasefire on Sunday. It was effective as of 20:00 GMT on Sunday, the rebels\' negotiator told reporters.',
        '2031-08-26',
      ),
    );
    expect(deal?.effective?.date).toBe('2031-08-24');
  });

  it('reads a start through a clock time with a.m. and a four-digit GMT hour ("from 9:00 a.m. local time (0600 GMT) on")', () => {
    const roleOfDay = (text: string) => findDates(text, published('2031-09-13'), false).find((m) => /\d{2}$/.test(text.slice(m.start, m.end)))?.role;
    expect(roleOfDay('Both sides agreed on a ceasefire from 9:00 a.m. local time (0600 GMT) on September 14, the ministry said.')).toBe('effective');
    expect(roleOfDay('The group will halt its attacks. Effective, 0000 hours (2300 gmt) Thursday September 15, it will stand down.')).toBe('effective');
  });

  it('dates a deal\'s start from a sentence that names the truce with its start ("the cease-fire beginning Nov. 9")', () => {
    const [deal] = extractEvents(
      articleOf(
        'Chad announces month-long truce with rebels',
        'Chadian authorities on Monday announced a month-long cease-fire with the Valley Liberation Front (VLF). A VLF spokesman confirmed the cease-fire beginning Nov. 9 would hold for a month.',
        '2031-11-04',
      ),
    );
    expect(deal?.effective?.date).toBe('2031-11-09');
  });

  it('starts a deal the day its truce is reported holding, once that start is folded into it', () => {
    const [deal] = extractEvents(
      articleOf(
        'Chad army and rebels agree brief truce',
        'The Chadian army and the Valley Liberation Front (VLF) agreed on Sunday to a 24-hour truce in the town of Abeche. A ceasefire held in the town on Sunday, residents said, after the two sides agreed to stop the fighting.',
        '2031-04-07',
      ),
    );
    expect([deal?.type, deal?.occurred.date, deal?.effective?.date]).toEqual(['agreement', '2031-04-06', '2031-04-06']);
  });

  it('takes the day written after a clock time, and no year from a number that follows the day', () => {
    const mentions = findDates('The truce will begin at 9:45 p.m. on May 22, 48 hours after the signing.', published('2023-05-21'), false);
    expect(mentions.find((m) => m.role === 'effective')?.ref.date).toBe('2023-05-22');
    const [start] = findDates('The truce took effect at midnight on Saturday.', published('2023-05-21'), false);
    expect(start).toMatchObject({ role: 'effective', ref: { date: '2023-05-20' } });
  });

  it('dates a truce that began before the report by its start, and the report of it holding as the same truce', () => {
    const events = extractEvents(
      articleOf(
        "Truce holds in Yemen's Hodeidah",
        "A ceasefire in Yemen's port city of Hodeidah, which began at midnight on Saturday, was largely holding on Sunday, residents said.",
        '2018-12-23',
      ),
    );
    expect(events.map((e) => [e.type, e.occurred.date, e.effective?.date])).toEqual([['implementation', '2018-12-22', '2018-12-22']]);
  });

  it('reads a date in a clause told in the past as past, though the sentence speaks of plans elsewhere', () => {
    const sentence = 'Fighting ended when the president declared a unilateral ceasefire on Jan. 12, and the rebels said they would respect it.';
    expect(findDates(sentence, published('1994-02-17'), true)[0]?.ref.date).toBe('1994-01-12');
    expect(findDates('The rebels said the ceasefire would begin on Jan. 12.', published('1994-01-05'), true)[0]?.ref.date).toBe('1994-01-12');
  });

  it('dates a deal, not a start, when a deal\'s verb stands between a start cue and the date ("forces from Tigray agreed on Wednesday")', () => {
    const [agreed] = findDates('The government and regional forces from Tigray agreed on Wednesday to cease hostilities.', published('2022-11-04'), false);
    expect(agreed).toMatchObject({ role: 'occurred', ref: { date: '2022-11-02' } });
    const [start] = findDates('The truce will take effect at 0600 GMT on Tuesday.', published('2022-11-04'), true);
    expect(start).toMatchObject({ role: 'effective', ref: { date: '2022-11-08' } });
  });

  it('reads a start behind an adverb ("come fully into force on") and no day in a stretch of time ("last 180 days")', () => {
    const mentions = findDates('The ceasefire is to come fully into force on August 3 and last 180 days.', published('2023-06-10'), true);
    expect(mentions.map((m) => [m.role, m.ref.date])).toEqual([['effective', '2023-08-03']]);
  });

  it('gives a deal the start it sets however far ahead, and keeps a possible extension among its terms', () => {
    const events = extractEvents(
      articleOf(
        'Colombia and ELN sign six-month ceasefire',
        'The Colombian government and the National Liberation Army (ELN) signed a bilateral ceasefire on Friday. The ceasefire is to come fully into force on August 3 and last 180 days, with the possibility of extension.',
        '2023-06-10',
      ),
    );
    expect(events.map((e) => [e.type, e.occurred.date, e.effective?.date])).toEqual([['agreement', '2023-06-09', '2023-08-03']]);
  });

  it('reads "set to begin in a week" as the start of the truce', () => {
    const mentions = findDates('a truce set to begin in a week', published('2016-02-12'), false);
    expect(mentions.find((m) => m.role === 'effective')?.ref.date).toBe('2016-02-19');
  });

  it('reads "a March 1 ceasefire" as a start date in the coming March', () => {
    const [d] = findDates('Russia had proposed a March 1 ceasefire', published('2016-02-12'), false);
    expect(d).toMatchObject({ role: 'effective', ref: { date: '2016-03-01', basis: 'relative' } });
  });

  it('starts the truce on the reported day when the cue is tied to a time of day ("take effect at 12:00 ... on 10 October")', () => {
    const mentions = findDates('Lavrov said the truce would take effect at 12:00 local time on 10 October', published('2020-10-10'), false);
    expect(mentions.find((m) => m.role === 'effective')?.ref.date).toBe('2020-10-10');
  });

  it('gives "last month" month precision', () => {
    const [d] = findDates('The talks broke down last month', published('2016-02-12'), false);
    expect(d?.ref).toMatchObject({ date: '2016-01', precision: 'month', basis: 'relative' });
  });

  it('never calls a date without a written year explicit', () => {
    const [d] = findDates('negotiators said on July 5 that', published('2017-07-07'), false);
    expect(d?.ref).toMatchObject({ date: '2017-07-05', basis: 'relative' });
    const [full] = findDates('on 2 September 2022 the truce', published('2022-09-01'), false);
    expect(full?.ref).toMatchObject({ date: '2022-09-02', basis: 'explicit' });
  });

  it('flags day/month ambiguity with both readings and prefers the one near the known date', () => {
    const [d] = findDates('Dated 09/05/2016.', published('2016-05-10'), false);
    expect(d?.ref).toMatchObject({ date: '2016-05-09', ambiguous: ['2016-05-09', '2016-09-05'] });
  });

  it('takes the reference from a written date near the top when no metadata is given', () => {
    const ref = referenceDate({ body: 'By Steve Herman September 09, 2016\n\nKerry met Lavrov on Friday.', receivedAt: '2026-11-22T00:00:00.000Z' });
    expect(ref.ref).toEqual({ date: '2016-09-09', precision: 'day', basis: 'explicit' });
    const ambiguous = referenceDate({ body: '09/05/2016\n\ntext', receivedAt: '2026-11-22T00:00:00.000Z' });
    expect(ambiguous.ref.ambiguous).toEqual(['2016-05-09', '2016-09-05']);
    const none = referenceDate({ body: 'Talks went on on Friday.', receivedAt: '2026-11-22T10:00:00.000Z' });
    expect(none.ref).toEqual({ date: '2026-11-22', precision: 'day', basis: 'received' });
  });
});

describe('reference date', () => {
  it('ignores relative phrases near the top that chrono resolves against now', () => {
    const ref = referenceDate({ body: 'The announcement came two days before the summit.\n\nMore text.', receivedAt: '2026-11-22T10:00:00.000Z' });
    expect(ref.ref.basis).toBe('received');
  });
});

describe('relative dates against an ambiguous reference', () => {
  it('keeps "today" ambiguous when the only written date reads two ways', () => {
    const article = articleOf(
      'Ukraine and rebels sign ceasefire deal in Minsk',
      'Eastern Europe desk | 05/09/2014 17:52\n\nRepresentatives of Ukraine and the separatists signed a ceasefire agreement in Minsk today, raising hopes of an end to the fighting in the east.',
    );
    const agreement = extractEvents(article).find((e) => e.type === 'agreement')!;
    expect(agreement.occurred.ambiguous).toEqual(['2014-05-09', '2014-09-05']);
    expect(agreement.occurred.basis).not.toBe('explicit');
  });
});

describe('the role of a date', () => {
  it('reads a start date through the clock time between the cue and the day', () => {
    const [mention] = findDates('The ceasefire is to take effect at 18:00 local time (15:00 GMT) today.', published('2014-09-05'), true);
    expect(mention).toMatchObject({ role: 'effective', ref: { date: '2014-09-05' } });
  });
});
