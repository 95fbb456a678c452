import { describe, expect, it } from 'vitest';
import { parseMetadataDate } from '#commons/articles/dates.ts';

const day = (date: string) => ({ date, precision: 'day', basis: 'metadata' });

describe('parseMetadataDate', () => {
  it('reads YYYY-MM-DD and ISO timestamps as written, without shifting time zones', () => {
    expect(parseMetadataDate('2016-02-12')).toEqual(day('2016-02-12'));
    expect(parseMetadataDate('2016-02-12T23:30:00-05:00')).toEqual(day('2016-02-12'));
    expect(parseMetadataDate('2016-02-13T01:30:00+09:00')).toEqual(day('2016-02-13'));
    expect(parseMetadataDate('2016-02-12 10:00')).toEqual(day('2016-02-12'));
    expect(parseMetadataDate('20160212T103000Z')).toEqual(day('2016-02-12'));
  });

  it('reads RFC 822 dates, with or without weekday, 2-digit years, and month names in other languages', () => {
    expect(parseMetadataDate('Fri, 12 Feb 2016 23:30:00 -0500')).toEqual(day('2016-02-12'));
    expect(parseMetadataDate('12 Feb 16 23:30 GMT')).toEqual(day('2016-02-12'));
    expect(parseMetadataDate('Seg, 24 Set 2018 19:42:40 -0300')).toEqual(day('2018-09-24'));
    expect(parseMetadataDate('Mi, 3 Okt 2018 10:00:00 +0200')).toEqual(day('2018-10-03'));
  });

  it('reads "Month D, YYYY"', () => {
    expect(parseMetadataDate('September 9, 2016')).toEqual(day('2016-09-09'));
    expect(parseMetadataDate('Friday, Sept. 9th 2016')).toEqual(day('2016-09-09'));
  });

  it('keeps month and year precision', () => {
    expect(parseMetadataDate('2016-02')).toEqual({ date: '2016-02', precision: 'month', basis: 'metadata' });
    expect(parseMetadataDate('2016')).toEqual({ date: '2016', precision: 'year', basis: 'metadata' });
  });

  it('refuses what is not a real calendar date', () => {
    for (const bad of ['2016-02-30', '2016-13-01', 'yesterday', '09/05/2016', '', 'Friday', '31 Foo 2016', '0000-01-01']) {
      expect(parseMetadataDate(bad), bad).toBeUndefined();
    }
    expect(parseMetadataDate(undefined)).toBeUndefined();
    expect(parseMetadataDate({})).toBeUndefined();
  });
});
