/** Finds actors (states, armed groups, organisations, coalitions) named in a sentence, through the alias dictionary. */
import type { Actor, ActorKind } from '#schemas/event.ts';
import actorData from './data/actors.json' with { type: 'json' };
import language from './data/language.json' with { type: 'json' };
import { allMatches, escapeRegExp, namesTimeZone, phraseRegExp } from './text.ts';

export interface ActorEntry extends Actor {
  centroid?: [number, number];
  /** Where a non-state actor fights (Hamas: PS). */
  theatre?: string;
}

/** How the actor was named: 'capital' (Moscow) and 'demonym' (Russian) are weaker than a name. */
export type MentionForm = 'name' | 'demonym' | 'capital';

export interface ActorMention {
  actor: ActorEntry;
  form: MentionForm;
  start: number;
  end: number;
  text: string;
}

interface RawActor {
  id: string;
  name: string;
  kind: string;
  aliases?: string[];
  acronyms?: string[];
  demonyms?: string[];
  capitals?: string[];
  centroid?: number[];
  theatre?: string;
}

const entries = new Map<string, ActorEntry>();
/** Lowercased phrase -> [actor id, form], for the case-insensitive aliases. */
const byAlias = new Map<string, [string, MentionForm]>();
/** Exact phrase -> [actor id, form], for acronyms, demonyms and capitals, which are matched case-sensitively. */
const byExact = new Map<string, [string, MentionForm]>();

for (const raw of actorData.actors as RawActor[]) {
  entries.set(raw.id, {
    id: raw.id,
    name: raw.name,
    kind: raw.kind as ActorKind,
    ...(raw.centroid ? { centroid: [raw.centroid[0], raw.centroid[1]] as [number, number] } : {}),
    ...(raw.theatre ? { theatre: raw.theatre } : {}),
  });
  for (const alias of [raw.name, ...(raw.aliases ?? [])]) byAlias.set(alias.toLowerCase(), [raw.id, 'name']);
  for (const acronym of raw.acronyms ?? []) byExact.set(acronym, [raw.id, 'name']);
  for (const demonym of raw.demonyms ?? []) if (!byExact.has(demonym)) byExact.set(demonym, [raw.id, 'demonym']);
  for (const capital of raw.capitals ?? []) byExact.set(capital, [raw.id, 'capital']);
}

/**
 * The aliases as a few alternations, split where their first letter changes. V8 runs one alternation of two
 * thousand names about half as fast as four of five hundred (measured over the bench's articles), and names
 * with different first letters never match at the same place, so the longest name at a place still wins.
 */
const ALIAS_GROUPS = 4;
function byFirstLetter(phrases: string[], flags: string): RegExp[] {
  const sorted = [...phrases].sort((a, b) => a.localeCompare(b));
  const size = Math.ceil(sorted.length / ALIAS_GROUPS);
  const groups: string[][] = [];
  for (const phrase of sorted) {
    const group = groups[groups.length - 1];
    if (group && (group.length < size || group[group.length - 1]![0]!.toLowerCase() === phrase[0]!.toLowerCase())) group.push(phrase);
    else groups.push([phrase]);
  }
  return groups.map((group) => phraseRegExp(group.map(escapeRegExp), flags));
}
const aliasPatterns = byFirstLetter([...byAlias.keys()], 'gi');
const exactPattern = phraseRegExp([...byExact.keys()].map(escapeRegExp), 'g');
/** News outlets named after a state ("Agence France-Presse", "Voice of America"): the state in them is no actor. */
const outletPattern = phraseRegExp(actorData.outlets.map(escapeRegExp), 'gi');

export const actorById = (id: string): ActorEntry | undefined => entries.get(id);
export const allActors = (): ActorEntry[] => [...entries.values()];

/** The public Actor shape, without the map data. */
export const toActor = ({ id, name, kind }: ActorEntry): Actor => ({ id, name, kind });

/** Every actor mention in `text`, longest match first where two overlap, in text order. */
export function findActorMentions(text: string): ActorMention[] {
  const found: ActorMention[] = [];
  const collect = (pattern: RegExp, table: Map<string, [string, MentionForm]>, key: (s: string) => string) => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const hit = table.get(key(m[0]));
      const actor = hit && entries.get(hit[0]);
      if (actor) found.push({ actor, form: hit[1], start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  };
  for (const pattern of aliasPatterns) collect(pattern, byAlias, (s) => s.toLowerCase());
  collect(exactPattern, byExact, (s) => s);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const outlets = found.length > 0 ? allMatches(outletPattern, text).map((m) => [m.index, m.index + m[0].length]) : [];
  const kept: ActorMention[] = [];
  for (const mention of found) {
    const last = kept[kept.length - 1];
    if (last && mention.start < last.end) continue;
    if (outlets.some(([from, to]) => mention.start >= from! && mention.end <= to!)) continue;
    if (insideLongerName(text, mention, found)) continue;
    if (mention.form === 'capital' && namesTimeZone(text, mention.end)) continue;
    kept.push(mention);
  }
  return kept;
}

/** A name two states share ("Congo", "Congolese"): the usual one's, but the other's in an article that names only the other. */
interface Namesake {
  names: string[];
  usually: string;
  or: string;
}
const namesakes = (actorData.namesakes as Namesake[]).map((n) => ({ ...n, shared: new Set(n.names) }));
/** Whether any namesake's other state may be named at all: most articles name none, and skip the whole-text read. */
const namesakeHint = phraseRegExp(
  namesakes.flatMap((n) => [...byAlias, ...byExact].filter(([name, [id]]) => id === n.or && !n.shared.has(name)).map(([name]) => escapeRegExp(name))),
  'i',
);

/** How an article's shared names read: each mention or person's actor, given to the state it stands for there. */
export interface NamesakeReader {
  mentions(mentions: ActorMention[]): ActorMention[];
  /** A person's side, read from a shared name ("Congolese Interior Minister"): the article names no other way to the usual state. */
  actorId(id: string): string;
}
const asWritten: NamesakeReader = { mentions: (mentions) => mentions, actorId: (id) => id };

/** "Congolese" is the Republic of the Congo's in a report that names Brazzaville and never Kinshasa or the DRC. */
export function namesakeReader(text: string): NamesakeReader {
  if (!namesakeHint.test(text)) return asWritten;
  const named = new Set(findActorMentions(text).filter((m) => !namesakes.some((n) => n.shared.has(m.text) && m.actor.id === n.usually)).map((m) => m.actor.id));
  const swaps = new Map(namesakes.filter((n) => named.has(n.or) && !named.has(n.usually)).map((n) => [n.usually, { names: n.shared, actor: entries.get(n.or)! }]));
  if (swaps.size === 0) return asWritten;
  return {
    mentions: (mentions) =>
      mentions.map((m) => {
        const swap = swaps.get(m.actor.id);
        return swap?.names.has(m.text) ? { ...m, actor: swap.actor } : m;
      }),
    actorId: (id) => swaps.get(id)?.actor.id ?? id,
  };
}

/** A capitalised word right before, not a compound modifier ("al Qaida-linked", "Iran-backed"). */
const CAPITALISED_WORD_BEFORE = /(\p{Lu}[\p{L}'’-]*)(?<!-\p{Ll}+)\s+$/u;
const notNames = new Set(language.notNames);

/**
 * "the Zapatista National Liberation Army" is not Colombia's National Liberation Army: a group's name of several
 * words, right after a capitalised word that is no actor ("Colombian") and no common word ("The"), is part of
 * another group's name.
 */
function insideLongerName(text: string, mention: ActorMention, found: ActorMention[]): boolean {
  if (mention.actor.kind !== 'armed-group' || mention.form !== 'name' || !mention.text.includes(' ')) return false;
  const word = CAPITALISED_WORD_BEFORE.exec(text.slice(Math.max(0, mention.start - 30), mention.start))?.[1];
  if (!word || notNames.has(word)) return false;
  const wordEnd = text.lastIndexOf(word, mention.start) + word.length;
  return !found.some((other) => other !== mention && other.end === wordEnd);
}

/** Words that make a capitalised name an armed group's ("the Zomi Revolutionary Front"). */
const GROUP_WORDS = new RegExp(`\\b(?:${actorData.groupWords.join('|')})\\b`);
/** "the Zomi Revolutionary Front (ZRF)": a name of capitalised words (with of/for/the/and inside) and its acronym. */
const DEFINED_GROUP = /\b((?:[A-Z][\p{L}'’-]+|of|for|the|and|de|del|al)(?:\s+(?:[A-Z][\p{L}'’-]+|of|for|the|and|de|del|al)){1,7})\s+\(([A-Z][A-Z0-9-]{1,9})\)/gu;
/** What every DEFINED_GROUP match ends with. Most articles have none, and this finds that at once, where DEFINED_GROUP tries a name at every capital. */
const ACRONYM_IN_BRACKETS = /\s\([A-Z][A-Z0-9-]{1,9}\)/;

/** The lowercase slug an unlisted group's id is made of: "the Zomi Revolutionary Front" -> "zomi-revolutionary-front". */
export const slugOf = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');

/** An armed group the dictionary lacks, as an article defines it, with the names it goes by there. */
export interface DefinedGroup {
  actor: ActorEntry;
  names: string[];
  /** Its names as patterns, compiled once: the full name in any case, the acronym as written. */
  patterns: RegExp[];
}

const namePattern = (name: string) =>
  new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, name === name.toUpperCase() ? 'gu' : 'giu');

/**
 * "the Bougainville Interim Government and the Bougainville Revolutionary Army (BRA)", "Jalal Talabani of the
 * Patriotic Union of Kurdistan (PUK)": the longest end of the words before an acronym that it spells. A name
 * the acronym does not spell (one from another language) is kept whole.
 */
function spelledName(name: string, acronym: string): string {
  const tokens = name.split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i]!)) continue;
    const initials = tokens.slice(i).filter((t) => /^\p{Lu}/u.test(t)).map((t) => t[0]).join('');
    if (initials === acronym) return tokens.slice(i).join(' ');
  }
  return name;
}

/**
 * Armed groups an article names in full with their acronym ("the Zomi Revolutionary Front (ZRF)") that
 * the dictionary does not know: each becomes an actor with a slug id from its own name.
 */
export function definedGroups(text: string): DefinedGroup[] {
  if (!ACRONYM_IN_BRACKETS.test(text)) return [];
  const groups = new Map<string, DefinedGroup>();
  DEFINED_GROUP.lastIndex = 0;
  for (let m = DEFINED_GROUP.exec(text); m; m = DEFINED_GROUP.exec(text)) {
    const acronym = m[2]!;
    const name = spelledName(m[1]!.replace(/^(?:(?:the|of|for|and)\s+)+/i, ''), acronym);
    if (!GROUP_WORDS.test(name) || !/^[A-Z]/.test(name)) continue;
    // Known already, by its name or its acronym.
    if (findActorMentions(name).some((k) => k.end - k.start >= name.length - 1) || findActorMentions(acronym).length > 0) continue;
    const id = slugOf(name);
    if (!id || groups.has(id)) continue;
    groups.set(id, { actor: { id, name, kind: 'armed-group' }, names: [name, acronym], patterns: [name, acronym].map(namePattern) });
  }
  return [...groups.values()];
}

/** Mentions of the article's own groups in `text`: the full name case-insensitively, the acronym as written. */
export function findDefinedGroupMentions(text: string, groups: readonly DefinedGroup[]): ActorMention[] {
  const found: ActorMention[] = [];
  for (const group of groups) {
    for (const pattern of group.patterns) {
      for (const m of allMatches(pattern, text)) found.push({ actor: group.actor, form: 'name', start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  return found;
}
