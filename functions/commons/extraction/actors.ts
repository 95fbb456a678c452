/** Finds actors (states, armed groups, organisations, coalitions) named in a sentence, through the alias dictionary. */
import type { Actor, ActorKind } from '#schemas/event.ts';
import actorData from './data/actors.json' with { type: 'json' };
import { escapeRegExp, phraseRegExp } from './text.ts';

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

const aliasPattern = phraseRegExp([...byAlias.keys()].map(escapeRegExp), 'gi');
const exactPattern = phraseRegExp([...byExact.keys()].map(escapeRegExp), 'g');

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
  collect(aliasPattern, byAlias, (s) => s.toLowerCase());
  collect(exactPattern, byExact, (s) => s);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: ActorMention[] = [];
  for (const mention of found) {
    const last = kept[kept.length - 1];
    if (last && mention.start < last.end) continue;
    kept.push(mention);
  }
  return kept;
}
