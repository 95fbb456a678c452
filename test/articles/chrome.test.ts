import { describe, expect, it } from 'vitest';
import { isCutLine, isDropLine, isHeadLabel, isNotTitle, parseByline } from '#commons/articles/chrome.ts';

describe('site chrome patterns (data/site-chrome.json)', () => {
  it('drops explicit chrome lines', () => {
    for (const line of [
      'Enlarge this image',
      'UNITED24 - Make a charitable donation in support of Ukraine!',
      'Join the GlobalSecurity.org mailing list',
      '---',
      '* * *',
      'Advertisement',
    ]) {
      expect(isDropLine(line), line).toBe(true);
    }
  });

  it('keeps prose that merely mentions the same words', () => {
    for (const line of [
      'Donors rushed to make a donation to the relief fund after the truce.',
      'Kerry said the enlarged talks would join the two tracks.',
      'Related news emerged on Friday from Geneva.',
    ]) {
      expect(isDropLine(line), line).toBe(false);
    }
  });

  it('recognises boilerplate tails and head labels', () => {
    expect(isCutLine('Related News')).toBe(true);
    expect(isCutLine('Related news emerged on Friday from Geneva.')).toBe(false);
    expect(isHeadLabel('Weapons of Mass Destruction (WMD)')).toBe(true);
    expect(isHeadLabel('Middle East')).toBe(true);
    expect(isHeadLabel('US, Russia agree on Syrian ceasefire')).toBe(false);
  });

  it('never takes dates, times, credits or bylines for titles', () => {
    for (const line of ['09/05/2016', 'September 09, 2016', '12 February 2016', 'Updated: 09/05/2016 10:00', 'By Steve Herman September 09, 2016', 'AP', '10:45 a.m. EST']) {
      expect(isNotTitle(line), line).toBe(true);
    }
    expect(isNotTitle('US, Russia work to hold fragile Syria cease-fire together')).toBe(false);
    expect(isNotTitle('By the numbers: truce violations in Aleppo')).toBe(false);
  });

  it('parses bylines and refuses sentences that start with "By"', () => {
    expect(parseByline('By Steve Herman September 09, 2016')).toBe('Steve Herman');
    expect(parseByline('By STEVE HERMAN')).toBe('STEVE HERMAN');
    expect(parseByline('By Jane Doe and John van der Berg | Reuters')).toBe('Jane Doe and John van der Berg');
    expect(parseByline('By The Associated Press')).toBe('The Associated Press');
    expect(parseByline('By Friday, the truce had collapsed.')).toBeUndefined();
    expect(parseByline('By contrast, Russia says the talks failed')).toBeUndefined();
  });
});
