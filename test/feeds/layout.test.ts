import { describe, expect, it } from 'vitest';
import { relativeHref, fileKey, feedOf, theatreFeed, MAIN_FEED, developmentId, developmentKey, developmentKeyOf } from '#commons/feeds/layout.ts';

describe('layout', () => {
  it('names the files of every feed page and links between them relatively', () => {
    expect(fileKey(MAIN_FEED, 0, 'rss')).toBe('feed.xml');
    expect(fileKey(MAIN_FEED, 3, 'html')).toBe('archive/3/index.html');
    expect(fileKey(theatreFeed('SY'), 0, 'atom')).toBe('feeds/theatre/SY.atom');
    expect(fileKey(theatreFeed('SY'), 2, 'json')).toBe('feeds/theatre/SY/archive/2.json');
    expect(fileKey(theatreFeed('SY'), 2, 'html')).toBe('theatre/SY/archive/2.html');
    expect(relativeHref('index.html', 'theatre/SY.html')).toBe('theatre/SY.html');
    expect(relativeHref('theatre/SY.html', 'index.html')).toBe('../index.html');
    expect(relativeHref('theatre/SY/archive/2.html', 'theatre/SY.html')).toBe('../../SY.html');
    expect(relativeHref('archive/2/index.html', 'archive/1/index.html')).toBe('../1/index.html');
    expect(relativeHref('feeds/theatre/SY.xml', 'feed.css')).toBe('../../feed.css');
    expect(() => theatreFeed('../x')).toThrow(/ISO/);
    expect(feedOf('theatre/SY')).toEqual({ kind: 'theatre', value: 'SY' });
    expect(feedOf('type/agreement')).toEqual({ kind: 'type', value: 'agreement' });
    for (const bad of ['theatre/sy', 'type/nope', 'theatre/SY/x', '', 'archive/1/']) expect(feedOf(bad), bad).toBeUndefined();
  });

  it('gives every development a page of its own, and none to an id that is no event id', () => {
    const id = '93ec5906c507d49dc1f3b976';
    expect(developmentKey(id)).toBe(`developments/${id}.html`);
    expect(developmentKeyOf(developmentId(id))).toBe(`developments/${id}.html`);
    expect(relativeHref(developmentKey(id)!, 'theatre/SY.html')).toBe('../theatre/SY.html');
    for (const bad of ['../x', 'ABCDEF0123456789', '0123', `${id}/x`, '']) expect(developmentKey(bad), bad).toBeUndefined();
    for (const bad of ['main#0', 'development/../x', `developments/${id}`]) expect(developmentKeyOf(bad), bad).toBeUndefined();
  });
});
