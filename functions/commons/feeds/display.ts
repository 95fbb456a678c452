/**
 * How codes read and look to people, from data: type labels and colours, country and group names,
 * theatre colours (data/display.json), and the names of states and groups from the extractor's actor
 * data, the names its headlines are written with. A country or group therefore has one name in
 * headlines, feeds and pages alike, and a theatre one colour on every chart.
 */
import { hash } from 'node:crypto';
import { EVENT_TYPES } from '#schemas/contract.ts';
import type { Actor, EventType } from '#schemas/event.ts';
import { actorById, allActors } from '#commons/extraction/actors.ts';
import display from './data/display.json' with { type: 'json' };

interface TypeDisplay {
  label: string;
  plural: string;
  colour: string;
}

const types = display.types as Record<EventType, TypeDisplay>;
const typeField = <K extends keyof TypeDisplay>(field: K) =>
  Object.fromEntries(EVENT_TYPES.map((type) => [type, types[type][field]])) as Record<EventType, string>;

/** "Agreement". */
export const EVENT_TYPE_LABELS = typeField('label');
/** For feed titles and filters: "Ceasefire developments: agreements". */
export const EVENT_TYPE_PLURALS = typeField('plural');
/** The background of a type's label on the pages (white text). */
export const TYPE_COLOURS = typeField('colour');

const countries: Readonly<Record<string, string>> = display.countries;

/** "Syria": the name the extractor's data gives the state, else data/display.json's; the code itself when neither knows it. */
export function countryName(code: string): string {
  const actor = actorById(code);
  if (actor?.kind === 'state') return actor.name;
  return Object.hasOwn(countries, code) ? countries[code]! : code;
}

/** "Syria (SY)"; just the code when no name is known. */
export function countryLabel(code: string): string {
  const name = countryName(code);
  return name === code ? code : `${name} (${code})`;
}

/** A party's, mediator's or excluded group's name as the actor data gives it now; the stored name for an id it does not know. */
export function actorName(actor: Pick<Actor, 'id' | 'name'>): string {
  return actorById(actor.id)?.name ?? actor.name;
}

const palette: readonly string[] = display.theatreColours.palette;
const theatreColours: Readonly<Record<string, string>> = display.theatreColours.theatres;

/** The colour of a theatre in every chart: its own from the data, else a palette colour picked from its code. */
export function theatreColour(code: string): string {
  if (Object.hasOwn(theatreColours, code)) return theatreColours[code]!;
  let sum = 0;
  for (const c of code) sum = (sum * 31 + c.charCodeAt(0)) % 65_521;
  return palette[sum % palette.length]!;
}

/**
 * Changes whenever the data behind these names and colours does: part of every page fingerprint, so an
 * incremental publish re-renders what a renamed country or a new colour changes.
 */
export const DISPLAY_DIGEST = hash(
  'sha256',
  JSON.stringify([display, allActors().map((a) => [a.id, a.kind, a.name])]),
  'base64url',
);
