/** Source definitions: validated with zod wherever they come from, with errors that name the field; the YAML list round-trips. */
import { describe, expect, it } from 'vitest';
import {
  defaultSourceName,
  keywordList,
  matchesKeywords,
  parseSourceDefinition,
  parseSourceList,
} from '#commons/sources/definition.ts';
import { sourcesFromYaml, sourcesToYaml } from '#commons/sources/yaml-list.ts';
import { defaultSourcesFromEnv, pollSettingsFromEnv, POLL_DEFAULTS, POLL_ENV, privateAddressPolicy } from '#commons/sources/settings.ts';

describe('a source definition', () => {
  it('normalises the URL and keeps the optional fields', () => {
    expect(parseSourceDefinition({ name: 'reuters-world', url: ' https://Example.org/World/RSS#top ', publisher: ' Reuters ', keywords: ['ceasefire', ' truce'] })).toEqual({
      name: 'reuters-world',
      url: 'https://example.org/World/RSS',
      publisher: 'Reuters',
      keywords: ['ceasefire', 'truce'],
    });
  });

  it.each([
    [{ name: 'Reuters World', url: 'https://example.org/rss' }, 'name: must be 1-64 lowercase letters, digits and hyphens, such as reuters-world'],
    [{ name: 'x', url: 'ftp://example.org/rss' }, "url: must be an http(s) URL without a user name or password, not 'ftp://example.org/rss'"],
    [{ name: 'x', url: 'https://user:secret@example.org/rss' }, 'url: must be an http(s) URL without a user name or password'],
    [{ name: 'x', url: 'https://example.org/rss', keywords: 'ceasefire' }, 'keywords: must be a list of words'],
    [{ name: 'x', url: 'https://example.org/rss', publisher: '' }, 'publisher: must not be empty'],
    [{ name: 'x', url: 'https://example.org/rss', feed: 'https://example.org/other' }, 'Unrecognized key: "feed"'],
    [{ url: 'https://example.org/rss' }, 'name: '],
  ])('rejects %j naming the field', (value, message) => {
    expect(() => parseSourceDefinition(value)).toThrow(message);
  });

  it('derives a name from the URL when none is given', () => {
    expect(defaultSourceName('https://www.theguardian.com/world/rss')).toBe('theguardian-com-world-rss');
    expect(defaultSourceName('https://feeds.example.org/news/world.xml')).toBe('feeds-example-org-news-world');
    expect(parseSourceDefinition({ name: defaultSourceName(`https://example.org/${'a'.repeat(200)}`), url: 'https://example.org/' }).name).toHaveLength(64);
  });

  it('reads --keywords as a list without repeats', () => {
    expect(keywordList('ceasefire, truce,,Ceasefire , armistice')).toEqual(['ceasefire', 'truce', 'armistice']);
  });

  it('matches keywords at the start of words, whatever the case', () => {
    expect(matchesKeywords(['ceasefire', 'truce'], 'Ceasefires collapse in the north')).toBe(true);
    expect(matchesKeywords(['truce'], 'Construction resumes')).toBe(false);
    expect(matchesKeywords(['waffenruhe'], 'Die Waffenruhe hält')).toBe(true);
    expect(matchesKeywords(['c++'], 'A C++ release')).toBe(true);
    expect(matchesKeywords(undefined, 'anything')).toBe(true);
    expect(matchesKeywords([], 'anything')).toBe(true);
  });
});

describe('a YAML source list', () => {
  const yaml = `
- name: reuters-world
  url: https://example.org/world.rss
  publisher: Reuters
  keywords: [ceasefire, truce]
- name: local-news
  url: http://intranet.example/feed.atom
`;

  it('round-trips through export and import, sorted by name, definitions only', () => {
    const list = sourcesFromYaml(yaml, 'sources.yaml');
    expect(list.map((s) => s.name)).toEqual(['reuters-world', 'local-news']);
    const exported = sourcesToYaml(list);
    expect(exported).toMatch(/^# Sources followed by ceasefire-feed/);
    expect(exported.indexOf('local-news')).toBeLessThan(exported.indexOf('reuters-world'));
    expect(sourcesFromYaml(exported, 'exported')).toEqual([...list].reverse());
    expect(sourcesToYaml([])).toContain('[]');
    expect(sourcesFromYaml(sourcesToYaml([]), 'empty')).toEqual([]);
    expect(sourcesFromYaml('', 'blank')).toEqual([]);
  });

  it('names the entry and the field of every mistake', () => {
    const bad = `
- name: ok
  url: https://example.org/a.rss
- name: ok
  url: mailto:news@example.org
- url: https://example.org/a.rss
  name: other
`;
    expect(() => sourcesFromYaml(bad, 'sources.yaml')).toThrow(
      [
        'sources.yaml is not a valid source list:',
        "entry 2: url: must be an http(s) URL without a user name or password, not 'mailto:news@example.org'",
      ].join('\n'),
    );
    expect(() => sourcesFromYaml(bad.replace('mailto:news@example.org', 'https://example.org/b.rss'), 'sources.yaml')).toThrow(
      'entry 2: name: is also the name of entry 1\nentry 3: url: is also the url of entry 1',
    );
    expect(() => sourcesFromYaml('name: x\nurl: https://example.org/', 'one.yaml')).toThrow('one.yaml is not a valid source list:\nmust be a list of sources');
    expect(() => sourcesFromYaml('- [unclosed', 'broken.yaml')).toThrow(/^broken\.yaml is not valid YAML: /);
  });
});

describe('poll settings', () => {
  it('defaults, and reads the stage settings', () => {
    expect(pollSettingsFromEnv({}, 'prod', 'https://feeds.example.org')).toMatchObject({
      maxItemsPerSource: POLL_DEFAULTS.maxItemsPerSource,
      hostDelayMs: POLL_DEFAULTS.hostDelayMs,
      privateAddresses: 'deny',
      userAgent: 'ceasefire-feed/1 (feed aggregator; +https://feeds.example.org/)',
    });
    expect(pollSettingsFromEnv({ [POLL_ENV.maxItemsPerSource]: '5', [POLL_ENV.hostDelayMs]: '250' }, 'dev', 'https://x.example')).toMatchObject({ maxItemsPerSource: 5, hostDelayMs: 250 });
    expect(() => pollSettingsFromEnv({ [POLL_ENV.hostDelayMs]: 'soon' }, 'dev', 'https://x.example')).toThrow(`${POLL_ENV.hostDelayMs} must be a number`);
  });

  it('lifts the private-address rule only for the local stack; a deployed stage refuses it', () => {
    expect(privateAddressPolicy(undefined)).toBe('deny');
    expect(privateAddressPolicy('0')).toBe('deny');
    expect(privateAddressPolicy('1')).toBe('allow');
    expect(privateAddressPolicy('10.1.2.3, 192.168.0.0/16')).toEqual(['10.1.2.3', '192.168.0.0/16']);
    expect(pollSettingsFromEnv({ [POLL_ENV.allowPrivateSources]: '1' }, 'local', 'http://localhost:3000').privateAddresses).toBe('allow');
    for (const stage of ['dev', 'staging', 'prod']) {
      expect(() => pollSettingsFromEnv({ [POLL_ENV.allowPrivateSources]: '1' }, stage, 'https://x.example')).toThrow(
        `ALLOW_PRIVATE_SOURCES is for the local stack only; the deployed stage ${stage} refuses it.`,
      );
    }
  });

  it('reads and validates the default sources the stack hands over', () => {
    expect(defaultSourcesFromEnv({})).toEqual([]);
    const list = [{ name: 'un-news', url: 'https://news.example.org/feed' }];
    expect(defaultSourcesFromEnv({ [POLL_ENV.defaultSources]: JSON.stringify(list) })).toEqual(list);
    expect(() => defaultSourcesFromEnv({ [POLL_ENV.defaultSources]: JSON.stringify([{ name: 'UN', url: 'x' }]) })).toThrow(
      `${POLL_ENV.defaultSources} is not a valid source list:\nentry 1: name:`,
    );
    expect(() => parseSourceList([{ name: 'a', url: 'https://a.example/' }, { name: 'a', url: 'https://b.example/' }], 'list')).toThrow('entry 2: name: is also the name of entry 1');
  });
});
