/** Finds places in a sentence: GeoNames cities (cut down at build time) plus curated regions and exonyms. */
import type { Place } from '#schemas/event.ts';
import gazetteer from './data/gazetteer.json' with { type: 'json' };
import placeData from './data/places.json' with { type: 'json' };
import { escapeRegExp, foldName, namesTimeZone, phraseRegExp } from './text.ts';

interface Candidate {
  place: Place;
  population: number;
}

export interface PlaceMention {
  place: Place;
  start: number;
  end: number;
  /** The word before the name, lowercased ("in", "of"), when there is one. */
  preposition?: string;
  /** Cities can be named in passing; curated regions and big cities are trusted without a preposition. */
  prominent: boolean;
}

const PROMINENT_POPULATION = 300_000;
const LOCATIVES = new Set(['in', 'at', 'near', 'outside', 'around', 'across', 'inside', 'into', 'from', 'to', 'of', 'towards', 'toward']);
const notPlaces = new Set(placeData.notPlaces);

interface PlaceIndex {
  byFoldedName: Map<string, Candidate[]>;
  regionByAlias: Map<string, Candidate>;
  regionPattern: RegExp;
}

/** The gazetteer's rows, "name|country|geonameId|lat|lon|population" (gazetteer-build.ts). */
function gazetteerCandidates(): Candidate[] {
  return (gazetteer.rows as string[]).map((row) => {
    const [name, country, geonameId, lat, lon, population] = row.split('|') as [string, string, string, string, string, string];
    return { place: { name, country, geonameId: Number(geonameId), lat: Number(lat), lon: Number(lon) }, population: Number(population) };
  });
}

function buildIndex(): PlaceIndex {
  const byFoldedName = new Map<string, Candidate[]>();
  const add = (name: string, candidate: Candidate) => {
    const key = foldName(name);
    const list = byFoldedName.get(key) ?? [];
    list.push(candidate);
    byFoldedName.set(key, list);
  };
  const byGazetteerName = new Map<string, Candidate>();
  for (const candidate of gazetteerCandidates()) {
    byGazetteerName.set(`${candidate.place.country}:${candidate.place.name}`, candidate);
    add(candidate.place.name, candidate);
  }
  for (const exonym of placeData.exonyms) {
    const target = byGazetteerName.get(`${exonym.country}:${exonym.gazetteer}`);
    if (target) add(exonym.name, { place: { ...target.place, name: exonym.name }, population: target.population });
  }
  const regionByAlias = new Map<string, Candidate>();
  for (const region of placeData.regions) {
    const candidate = { place: { name: region.name, country: region.country, lat: region.lat, lon: region.lon }, population: Number.MAX_SAFE_INTEGER };
    for (const alias of region.aliases) regionByAlias.set(alias.toLowerCase(), candidate);
  }
  return { byFoldedName, regionByAlias, regionPattern: phraseRegExp([...regionByAlias.keys()].map(escapeRegExp), 'gi') };
}

let index: PlaceIndex | undefined;
/**
 * Built on first use, not on import: folding some 4,700 names is a tenth of the ingest function's cold
 * import, and an article that speaks of no truce never looks a place up.
 */
const placeIndex = (): PlaceIndex => (index ??= buildIndex());

/**
 * Runs of capitalised words, allowing Arabic and European particles inside a name (Deir ez-Zor, Khan al-Assal).
 * The lookahead admits only A-Z and non-ASCII, which every capital is: V8 skips other characters with
 * it far faster than by testing \p{Lu} (twice as fast on the bench sentences).
 */
const CAPITALISED_RUN = /(?=[A-Z\u00C0-\u{10FFFF}])\p{Lu}[\p{L}'’-]*(?:[ ](?:(?:al|el|ez|ad|as|de|la|del)[- ])?\p{Lu}[\p{L}'’-]*){0,3}/gu;

interface RunPart {
  name: string;
  /** Characters from the start of the run. */
  offset: number;
  /** The first words of the run, not all of them. */
  leading: boolean;
  candidates: Candidate[];
}

const runParts = new Map<string, RunPart[]>();
const RUN_CACHE_LIMIT = 20_000;

/**
 * The parts of a capitalised run that the gazetteer knows, longest first ("Deir ez-Zor" before
 * "Deir"), then left to right. Runs repeat a great deal ("The", "Russia", "Foreign Minister"), and most
 * name no place, so each run is looked up once.
 */
function gazetteerNamesIn(run: string): RunPart[] {
  const cached = runParts.get(run);
  if (cached) return cached;
  if (runParts.size > RUN_CACHE_LIMIT) runParts.clear();
  const words = run.split(' ');
  const parts: RunPart[] = [];
  for (let length = words.length; length > 0; length--) {
    for (let first = 0; first + length <= words.length; first++) {
      const name = words.slice(first, first + length).join(' ');
      const candidates = notPlaces.has(name) ? undefined : placeIndex().byFoldedName.get(foldName(name));
      if (!candidates) continue;
      const offset = words.slice(0, first).join(' ').length + (first > 0 ? 1 : 0);
      parts.push({ name, offset, leading: length < words.length && first === 0, candidates });
    }
  }
  runParts.set(run, parts);
  return parts;
}

function choose(candidates: Candidate[], preferredCountries: ReadonlySet<string>): Candidate {
  return [...candidates].sort(
    (a, b) =>
      Number(preferredCountries.has(b.place.country)) - Number(preferredCountries.has(a.place.country)) ||
      b.population - a.population,
  )[0]!;
}

const isUpperCase = (name: string) => name.length > 2 && name === name.toUpperCase() && name !== name.toLowerCase();

/** The word right before a name, skipping an article ("in the Gaza Strip"). */
function prepositionBefore(text: string, index: number): string | undefined {
  return /([A-Za-z]+)\s+(?:the\s+)?$/.exec(text.slice(Math.max(0, index - 30), index))?.[1]?.toLowerCase();
}

/**
 * Places named in `text`. `masked` spans (actors, people) are skipped so "Jordan" the state or
 * "Hammond" the minister never become towns. `preferredCountries` breaks ties between namesakes.
 */
export function findPlaceMentions(
  text: string,
  masked: ReadonlyArray<{ start: number; end: number }>,
  preferredCountries: ReadonlySet<string> = new Set(),
): PlaceMention[] {
  const found: PlaceMention[] = [];
  const overlaps = (start: number, end: number) =>
    masked.some((m) => start < m.end && end > m.start) || found.some((f) => start < f.end && end > f.start);

  const { regionByAlias, regionPattern } = placeIndex();
  regionPattern.lastIndex = 0;
  for (let m = regionPattern.exec(text); m; m = regionPattern.exec(text)) {
    const candidate = regionByAlias.get(m[0].toLowerCase());
    const end = m.index + m[0].length;
    if (!candidate || overlaps(m.index, end)) continue;
    found.push({ place: candidate.place, start: m.index, end, preposition: prepositionBefore(text, m.index), prominent: true });
  }

  CAPITALISED_RUN.lastIndex = 0;
  for (let m = CAPITALISED_RUN.exec(text); m; m = CAPITALISED_RUN.exec(text)) {
    for (const part of gazetteerNamesIn(m[0])) {
      const start = m.index + part.offset;
      const end = start + part.name.length;
      if (overlaps(start, end) || namesTimeZone(text, end)) continue;
      const chosen = choose(part.candidates, preferredCountries);
      const preposition = prepositionBefore(text, start);
      // The first words of a longer name ("Vladimir Putin", "Aleppo Province") count only after "in", "near"...
      if (part.leading && !(preposition && LOCATIVES.has(preposition))) continue;
      // Named as the article writes it (Daraya, not Dārayyā), unless it shouts (a "KYIV —" dateline); the geonameId keeps the identity.
      const name = isUpperCase(part.name) ? chosen.place.name : part.name;
      found.push({ place: { ...chosen.place, name }, start, end, preposition, prominent: chosen.population >= PROMINENT_POPULATION });
      break;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A country-level place, for a venue or theatre named only by its country. */
export function countryPlace(name: string, country: string, centroid?: [number, number]): Place {
  return centroid ? { name, country, lat: centroid[0], lon: centroid[1] } : { name, country };
}
