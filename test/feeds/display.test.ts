/**
 * Names and colours come from data (functions/commons/feeds/data/display.json and the extractor's
 * actors.json): one name per country and group in headlines, feeds and pages, one colour per theatre
 * on every chart.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '#schemas/contract.ts';
import { actorById, allActors } from '#commons/extraction/actors.ts';
import display from '#commons/feeds/data/display.json' with { type: 'json' };
import gazetteer from '#commons/extraction/data/gazetteer.json' with { type: 'json' };
import places from '#commons/extraction/data/places.json' with { type: 'json' };
import { EVENT_TYPE_LABELS, TYPE_COLOURS, actorName, countryLabel, countryName, theatreColour } from '#commons/feeds/display.ts';
import { renderFeeds } from '#commons/feeds/render.ts';
import { makeEvent } from '../helpers/events.ts';
import { corpusEvents } from './fixtures.ts';
import { BASE } from './helpers.ts';

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('data/display.json', () => {
  it('gives every type a label, a plural and a colour white text is readable on', () => {
    expect(Object.keys(display.types).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      expect(EVENT_TYPE_LABELS[type], type).toMatch(/^[A-Z]/);
      expect(TYPE_COLOURS[type], type).toMatch(HEX);
      expect(contrast(TYPE_COLOURS[type], '#ffffff'), `${type}: white on ${TYPE_COLOURS[type]}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('names only the countries the actor data does not, in plain English', () => {
    const states = new Set(allActors().filter((a) => a.kind === 'state').map((a) => a.id));
    for (const [code, name] of Object.entries(display.countries)) {
      expect(code).toMatch(/^[A-Z]{2}$/);
      expect(states.has(code), `${code} is named in actors.json already`).toBe(false);
      // CLDR's short forms read oddly in a sentence ("St. Kitts & Nevis", "Hong Kong SAR China").
      expect(name, code).not.toMatch(/&|\bSt\.|\bSAR\b|\bU\.S\./);
    }
  });

  it('names every country a development can be placed in: each state of the actor data and each country of the gazetteer', () => {
    const codes = new Set([
      ...allActors().filter((a) => a.kind === 'state').map((a) => a.id),
      ...gazetteer.rows.map((row) => row.split('|')[1]!),
      ...places.scope.theatreCountries,
    ]);
    expect(codes.size).toBeGreaterThan(240);
    for (const code of codes) expect(countryName(code), code).not.toBe(code);
    expect(countryName('ZZ')).toBe('ZZ');
    expect(countryLabel('ZZ')).toBe('ZZ');
  });

  it('gives the usual theatres their own colour from the palette, and any other theatre one colour every time', () => {
    const { palette, theatres } = display.theatreColours;
    for (const colour of palette) expect(colour).toMatch(HEX);
    expect(new Set(palette).size).toBe(palette.length);
    for (const code of places.scope.theatreCountries) expect(Object.keys(theatres), code).toContain(code);
    for (const [code, colour] of Object.entries(theatres)) {
      expect(palette, code).toContain(colour);
      expect(theatreColour(code)).toBe(colour);
    }
    // The most reported theatres, listed first, can share a chart: no two of them share a colour.
    const first = Object.values(theatres).slice(0, palette.length);
    expect(new Set(first).size).toBe(palette.length);
    expect(palette).toContain(theatreColour('MT'));
    expect(theatreColour('MT')).toBe(theatreColour('MT'));
  });
});

describe('one name per country and group', () => {
  it('shows a state by the name its headlines use, and a group by the actor data\'s name', () => {
    for (const code of ['PS', 'TR', 'CD', 'MM', 'BA']) expect(countryName(code)).toBe(actorById(code)!.name);
    expect(countryName('PS')).toBe('Palestine');
    // A stored event keeps the name it was extracted with; the feeds show the data's current one.
    expect(actorName({ id: 'islamic-state', name: 'ISIL' })).toBe(actorById('islamic-state')!.name);
    expect(actorName({ id: 'no-such-group', name: 'Some Group' })).toBe('Some Group');
  });

  it('reads the same in headlines, feeds and pages: no second name for any country', async () => {
    const gaza = makeEvent({
      seed: 'gaza',
      type: 'violation',
      headline: 'Ceasefire in Gaza, Palestine violated',
      theatre: { country: 'PS', areas: [{ name: 'Gaza', country: 'PS', lat: 31.5, lon: 34.47 }] },
      venue: { name: 'Cairo', country: 'EG' },
      parties: [{ id: 'IL', name: 'Israel', kind: 'state' }, { id: 'hamas', name: 'Hamas', kind: 'armed-group' }],
    });
    const files = renderFeeds([...(await corpusEvents()), gaza], { baseUrl: BASE });
    // The names the runtime's CLDR data gives some of these countries, which headlines never use.
    const cldr = new Intl.DisplayNames(['en'], { type: 'region' });
    const others = ['PS', 'TR', 'CD', 'MM', 'BA', 'CG', 'VA']
      .map((code) => cldr.of(code)!)
      .filter((name) => !allActors().some((a) => a.name === name));
    expect(others).toContain('Palestinian Territories');
    for (const [key, file] of files) for (const name of others) expect(file.body, `${key}: ${name}`).not.toContain(name);
    const page = files.get('theatre/PS.html')!.body;
    expect(page).toContain('<h1>Ceasefire developments: Palestine</h1>');
    expect(page).toContain('Violation</span> · Palestine: Gaza</p>');
  });
});

describe('one colour per theatre', () => {
  it('draws a theatre in the same colour on every chart', async () => {
    const files = renderFeeds(await corpusEvents(), { baseUrl: BASE });
    const colours = new Map<string, Set<string>>();
    let charts = 0;
    for (const [key, file] of files) {
      if (!key.endsWith('.html')) continue;
      for (const series of file.body.matchAll(/<g class="series" data-theatre="([A-Z]{2})">[\s\S]*?<\/g>/g)) {
        charts++;
        const fills = new Set([...series[0].matchAll(/<rect [^>]*fill="([^"]+)"/g)].map((m) => m[1]!));
        expect(fills.size, `${key} ${series[1]}`).toBe(1);
        const seen = colours.get(series[1]!) ?? new Set();
        for (const fill of fills) seen.add(fill);
        colours.set(series[1]!, seen);
      }
    }
    expect(charts).toBeGreaterThan(50);
    for (const [theatre, fills] of colours) expect([...fills], theatre).toEqual([theatreColour(theatre)]);
  });
});
