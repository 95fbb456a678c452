/** Named officials with their roles and the actor they speak for ("Russian Foreign Minister Sergey Lavrov"). */
import type { Person } from '#schemas/event.ts';
import { findActorMentions } from './actors.ts';
import { findPlaceMentions } from './places.ts';
import language from './data/language.json' with { type: 'json' };
import peopleData from './data/people.json' with { type: 'json' };
import { escapeRegExp, foldName, phraseRegExp } from './text.ts';

export interface PersonMention {
  person: Person;
  start: number;
  end: number;
}

const notNames = new Set(language.notNames);
const organisationNouns = new Set(language.organisationNouns);
const placeNouns = new Set(language.placeNouns);
const particles = language.nameParticles.filter((p) => !p.endsWith('-')).join('|');
const NAME_TOKEN = "\\p{Lu}[\\p{L}'’]*(?:-\\p{Lu}?[\\p{L}'’]+)?";
const NAME = `(?:(?:al|el)-)?${NAME_TOKEN}(?:\\s(?:(?:${particles})\\s)?(?:(?:al|el)-)?${NAME_TOKEN}){0,3}`;
/**
 * Where a name can start: a capital (A-Z or beyond ASCII) or the a/e of al-/el-. Searching for a name,
 * V8 skips every other character with this far faster than by trying the name there (about 1.7x).
 */
const NAME_START = '(?=[A-Zae\\u00C0-\\u{10FFFF}])';
const ROLE = phraseRegExp(language.roles.map(escapeRegExp), 'gi');
/** A second title between a title and the name ("Prime Minister Sheikh Mohammed ..."), which is no part of the name. */
const LEADING_TITLE = new RegExp(`^(?:${ROLE.source})\\s+`, 'i');
const speech = phraseRegExp(language.speechVerbs.map(escapeRegExp), 'i');
/** After a role: the name ("Foreign Minister Sergey Lavrov") or the name as an apposition ("The U.N. envoy, Staffan de Mistura,"). */
const NAME_AFTER_ROLE = new RegExp(`^(?:\\s+|,\\s+(?=${NAME},))(${NAME})`, 'u');
/** Before a role: "Antony Blinken, the US secretary of state". */
const NAME_BEFORE_ROLE = new RegExp(`${NAME_START}(${NAME}),\\s+(?:(?:the|a|an)\\s+)?((?:[\\p{L}.'’-]+\\s){0,3}?)$`, 'u');
/**
 * A name that speaks: "Grundberg said", "Recep Tayyip Erdogan told reporters", or with a clause between
 * that names a person ("Jane Doe, who heads the commission, said", "John Roe, one of the commanders, told").
 */
const NAME_SPEAKS = new RegExp(`${NAME_START}(?<![\\p{L}'’-])(${NAME})(?:,\\s+(?:who|one of)\\s[^,;:]{1,120},)?\\s+(?:(?:has|had|have|also|later|then|again|previously)\\s+)?(?:${language.speechVerbs.map(escapeRegExp).join('|')})\\b`, 'gu');
/** "Massoud Barzani of the Kurdistan Democratic Party", "Isaias Afwerki of Eritrea": a person and the side they belong to. */
const NAME_OF = new RegExp(`${NAME_START}(?<![\\p{L}'’-])(${NAME}) of (?:the )?(?=\\p{Lu})`, 'gu');
/** What NAME_OF needs after the name: most sentences lack it, and this finds that at once, where NAME_OF tries every capital. */
const OF_CAPITAL = / of (?:the )?\p{Lu}/u;
/** Is there a title in a name ("Prime Minister" of "Prime Minister of Israel")? */
const roleWord = phraseRegExp(language.roles.map(escapeRegExp), 'i');
/** "officials in Kalpur said": a name right after a locative is a place, one the gazetteer may lack. */
const LOCATIVE_BEFORE = new RegExp(`\\b(?:${language.locatives.join('|')})\\s+$`);
const mediatorRole = phraseRegExp(language.mediatorRoles.map(escapeRegExp), 'i');

/** "Jeddah official", "Islamabad's deputy prime minister": a name that is a side or a place is no person. */
const isSideOrPlace = (name: string) =>
  [...findActorMentions(name), ...findPlaceMentions(name, [])].some((m) => m.start === 0 && m.end >= name.replace(/['’]s$/, '').length);

/** Trims tokens that cannot be part of a name off both ends ("The", "Friday"). */
function cleanName(raw: string): string | undefined {
  const tokens = raw.split(/\s+/);
  // A body ("the White House said": trimming "House" would leave "White") or a place ("the Litani River") is no person.
  const last = tokens[tokens.length - 1]!.replace(/['’]s$/, '');
  if (organisationNouns.has(last) || placeNouns.has(last.toLowerCase())) return undefined;
  while (tokens.length && notNames.has(tokens[0]!)) tokens.shift();
  while (tokens.length && notNames.has(tokens[tokens.length - 1]!)) tokens.pop();
  const name = tokens.join(' ').replace(/['’]s$/, '').replace(LEADING_TITLE, '');
  // An acronym alone ("the EZLN said") is an organisation.
  return /\p{Lu}/u.test(name) && !/^\p{Lu}{2,}$/u.test(name) ? name : undefined;
}

/**
 * The side that `text` opens with, for "NAME of ...": a state or group the dictionary knows, whole
 * ("Eritrea", not the "Kurdistan" of "Kurdistan Democratic Party"), or a body by its noun ("Patriotic
 * Union of Kurdistan"). Anything else ("the Gulf of Aden", "the Grand Mosque of Mecca") is no side.
 */
function sideAt(text: string): { actor?: string } | undefined {
  const known = findActorMentions(text.slice(0, 80)).find((m) => m.start === 0 && m.form === 'name');
  if (known && !/^\s+\p{Lu}/u.test(text.slice(known.end))) return { actor: known.actor.id };
  const words = /^\p{Lu}[\p{L}'’-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}'’-]*){0,4}/u.exec(text)?.[0].split(/\s+/) ?? [];
  return words.some((w) => organisationNouns.has(w)) ? {} : undefined;
}

/** "President Jane Doe of Eritrea": the side a name is "of", when its title has none before it. */
function sideOfAfter(text: string): string | undefined {
  const of = /^\s+of\s+(?:the\s+)?/.exec(text);
  return of ? sideAt(text.slice(of[0].length))?.actor : undefined;
}

/** The actor named just before a role ("Russian", "U.S.", "Moscow's"), within the same noun phrase. */
function actorBefore(text: string, index: number): string | undefined {
  const window = text.slice(Math.max(0, index - 40), index);
  const mentions = findActorMentions(window);
  const last = mentions[mentions.length - 1];
  if (!last) return undefined;
  const gap = window.slice(last.end);
  if (FORMER_BEFORE.test(window.slice(0, last.start)) || FORMER.test(gap)) return undefined;
  // "Russia's deputy foreign minister", but not "of Djibouti and President ...": a conjunction ends the noun phrase.
  return /^(?:['’]s)?\s*(?:(?!(?:and|or|but|nor|with|while|as|than)\s)[\p{Ll}-]+\s+){0,2}$/u.test(gap) ? last.actor.id : undefined;
}

/** "the former Nigerian president Olusegun Obasanjo" speaks for no state now (here, for the African Union). */
const FORMER = /\b(?:former|ex-|retired|onetime|one-time)(?:\s|$)/i;
const FORMER_BEFORE = /\b(?:former|ex-|retired|onetime|one-time)\s*$/i;
/** Does `textBefore` end with "former" or the like, so that the actor named next is someone's past? */
export const endsWithFormer = (textBefore: string) => FORMER_BEFORE.test(textBefore);

/** People introduced with a role in `text`. Offsets cover the name. Roles are found first: they are rare, names are not. */
export function findPeople(text: string): PersonMention[] {
  const found: PersonMention[] = [];
  const add = (rawName: string, nameStart: number, role: string | undefined, actor: string | undefined) => {
    const name = cleanName(rawName);
    if (!name || name.split(' ').length > 5 || isSideOrPlace(name)) return;
    // "Sheikh Jarrah neighbourhood": what a place noun follows is a place.
    if (placeNouns.has(/^\s+(\p{L}+)/u.exec(text.slice(nameStart + rawName.length, nameStart + rawName.length + 30))?.[1] ?? '')) return;
    const start = nameStart + rawName.indexOf(name);
    if (found.some((f) => start < f.end && start + name.length > f.start)) return;
    found.push({ person: { name, ...(role ? { role: role.trim() } : {}), ...(actor ? { actor } : {}) }, start, end: start + name.length });
  };
  ROLE.lastIndex = 0;
  for (let m = ROLE.exec(text); m; m = ROLE.exec(text)) {
    const roleEnd = m.index + m[0].length;
    const after = NAME_AFTER_ROLE.exec(text.slice(roleEnd, roleEnd + 80));
    if (after) {
      const nameEnd = roleEnd + after[0].length;
      const former = endsWithFormer(text.slice(0, m.index));
      add(after[1]!, nameEnd - after[1]!.length, m[0], actorBefore(text, m.index) ?? (former ? undefined : sideOfAfter(text.slice(nameEnd))));
      continue;
    }
    // "the leader of Hezbollah, Hassan Nasrallah,", "President of Ukraine Volodymyr Zelensky": the title's side, then the name.
    const of = /^\s+of\s+(?:the\s+)?/.exec(text.slice(roleEnd, roleEnd + 12));
    const side = of && findActorMentions(text.slice(roleEnd + of[0].length, roleEnd + 80)).find((s) => s.start === 0 && s.form === 'name');
    const sideEnd = side ? roleEnd + of[0].length + side.end : -1;
    const afterSide = side && NAME_AFTER_ROLE.exec(text.slice(sideEnd, sideEnd + 80));
    if (afterSide) {
      const former = endsWithFormer(text.slice(0, m.index));
      add(afterSide[1]!, sideEnd + afterSide[0].length - afterSide[1]!.length, m[0], former ? undefined : side.actor.id);
      continue;
    }
    const windowStart = Math.max(0, m.index - 90);
    const before = NAME_BEFORE_ROLE.exec(text.slice(windowStart, m.index));
    if (before) {
      const qualifier = before[2]!;
      const actor = FORMER.test(qualifier) ? undefined : findActorMentions(qualifier)[0]?.actor.id;
      add(before[1]!, windowStart + before.index, m[0], actor);
    }
  }
  NAME_OF.lastIndex = 0;
  for (let m = OF_CAPITAL.test(text) ? NAME_OF.exec(text) : null; m; m = NAME_OF.exec(text)) {
    // Two words at least and no title: "Gulf of Aden" and "Prime Minister of Israel" name no one.
    const name = cleanName(m[1]!);
    if (!name?.includes(' ') || roleWord.test(name)) continue;
    const side = sideAt(text.slice(m.index + m[0].length));
    if (side) add(m[1]!, m.index, undefined, side.actor);
  }
  NAME_SPEAKS.lastIndex = 0;
  for (let m = speech.test(text) ? NAME_SPEAKS.exec(text) : null; m; m = NAME_SPEAKS.exec(text)) {
    const name = cleanName(m[1]!);
    // Sides and places speak too ("Russia said", "the Kremlin said"), and so do "Analysts" (notNames): only people are kept.
    if (!name || isSideOrPlace(name) || LOCATIVE_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    if (found.some((f) => m!.index < f.end && m!.index + m![1]!.length > f.start)) continue;
    const start = m.index + m[1]!.indexOf(name);
    found.push({ person: { name }, start, end: start + name.length });
  }
  return found.sort((a, b) => a.start - b.start);
}

export const isMediatorRole = (role: string | undefined) => Boolean(role && mediatorRole.test(role));

/**
 * A person named by one word that is a first name or surname, not the last, of one full name in the
 * article ("Camacho" or "Manuel" for "Manuel Camacho Solís": Hispanic names end with the mother's
 * surname; "Abiy" for "Abiy Ahmed") is that person. A word that fits two full names is left alone.
 */
export function withFullNames(mentions: PersonMention[][]): PersonMention[][] {
  const full = new Map<string, Person>();
  for (const { person } of mentions.flat()) if (person.name.includes(' ') && !full.has(person.name)) full.set(person.name, person);
  return mentions.map((found) =>
    found.map((m) => {
      if (m.person.name.includes(' ')) return m;
      const word = foldName(m.person.name);
      const owners = [...full.values()].filter((p) => p.name.split(' ').slice(0, -1).some((t) => foldName(t) === word));
      return owners.length === 1 ? { ...m, person: owners[0]! } : m;
    }),
  );
}

/** The surname used to recognise later mentions ("Kerry said"), folded. */
export const surnameKey = (name: string) => foldName(name.split(/\s+/).pop() ?? name);

const knownByName = new Map<string, { name: string; actor: string }>();
for (const entry of peopleData.people) for (const written of entry.names) knownByName.set(written, { name: entry.names[0]!, actor: entry.actor });
/** A fixed list, so one regex compiled once: it scans a sentence about ten times faster than nameFinder's search per name. */
const KNOWN_NAME = phraseRegExp([...knownByName.keys()].map(escapeRegExp), 'g');

/**
 * The people of `found` and the officials news names without saying whom they speak for ("Putin and
 * Erdogan agreed"), from data/people.json. A person the text itself introduces keeps the text's reading,
 * a former office-holder included; one it names with no side gets the side the data gives.
 */
export function withKnownPeople(found: PersonMention[], text: string): PersonMention[] {
  const all = [...found];
  KNOWN_NAME.lastIndex = 0;
  for (let m = KNOWN_NAME.exec(text); m; m = KNOWN_NAME.exec(text)) {
    const start = m.index;
    const written = m[0];
    const known = knownByName.get(written)!;
    // "the former Kenyan president William Ruto" speaks for no state now.
    const former = FORMER.test(text.slice(Math.max(0, start - 40), start).split(/[,.;:]/).pop() ?? '');
    const same = all.find((f) => start < f.end && start + written.length > f.start);
    if (same) {
      if (!same.person.actor && !former) same.person.actor = known.actor;
      continue;
    }
    all.push({ person: { name: known.name, ...(former ? {} : { actor: known.actor }) }, start, end: start + written.length });
  }
  return all.sort((a, b) => a.start - b.start);
}
