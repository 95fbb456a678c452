/**
 * Nothing invented: what a model answers is checked against the article before it becomes an event.
 * - every evidence quote must occur in the title or body, after normalising whitespace and typography
 *   (curly quotes, dashes); one quote not found and the event is dropped;
 * - dates must be real calendar dates written to their precision, and `occurred` may not lie after the
 *   article's date (one day of slack for time zones); a date basis of `metadata` or `received` must be
 *   the article's own date;
 * - the theatre must be an ISO 3166-1 alpha-2 code (or a state id of the actor dictionary, such as XK);
 * - actors go through the rules' dictionary and must be named in the article; one it lacks gets a slug
 *   of its name, which the article must contain; places, people and roles must be named in it too.
 * Id, codes, headline, summary and confidence are derived here from what holds, never taken from the model.
 */
import { SCHEMA_VERSION } from '#schemas/contract.ts';
import type { Actor, ActorKind, Article, CeasefireEvent, DateRef, ExtractionToolInput, ExtractorInfo, ModelEvent, Person, Place } from '#schemas/event.ts';
import { actorById, allActors, findActorMentions, slugOf, toActor } from '../actors.ts';
import { daysBefore, isUndated, type ReferenceDate } from '../dates.ts';
import { eventId, fillHeadline, sourceOf } from '../events.ts';
import type { Refusal } from '../extractor.ts';
import { findPlaceMentions } from '../places.ts';
import { escapeRegExp } from '../text.ts';
import { headlineTemplate, triggerCodes, TRUCE_TERM } from '../triggers.ts';
import countries from './countries.json' with { type: 'json' };

/** Longer than any sentence: a "quote" of whole paragraphs is not evidence of one development. */
const MAX_QUOTE_CHARS = 1000;
/** A quote that starts this early in the body (about three sentences) is in the lead. */
const LEAD_CHARS = 600;
const MAX_HEADLINE_PARTIES = 3;
/** A truce a day "after" the article's date is a time zone apart, not the future (the rules allow the same). */
const SLACK_DAYS = 1;

const COUNTRIES = new Set([
  ...countries.codes,
  ...allActors()
    .filter((a) => a.kind === 'state')
    .map((a) => a.id),
]);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

const TYPOGRAPHY: Record<string, string> = {
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  '“': '"', '”': '"', '„': '"', '‟': '"', '″': '"',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
};

/** Text with whitespace runs as one space and typography folded, and where each character came from. */
interface Searchable {
  text: string;
  origin: number[];
}

function searchable(source: string): Searchable {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      if (text && !text.endsWith(' ')) {
        text += ' ';
        origin.push(i);
      }
      continue;
    }
    text += TYPOGRAPHY[ch] ?? ch;
    origin.push(i);
  }
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    origin.pop();
  }
  return { text, origin };
}

const fold = (text: string) => searchable(text.normalize('NFC')).text;

/** The article as verification reads it. */
class ArticleText {
  readonly #title: Searchable;
  readonly #body: Searchable;
  readonly #lowered: string;
  readonly actorIds: Set<string>;

  constructor(readonly article: Article) {
    this.#title = searchable(article.title);
    this.#body = searchable(article.body);
    this.#lowered = `${this.#title.text}\n${this.#body.text}`.toLowerCase();
    this.actorIds = new Set([...findActorMentions(article.title), ...findActorMentions(article.body)].map((m) => m.actor.id));
  }

  /** The article's own text of a quote (with its offsets in the body), or undefined when it is not there. */
  locate(quote: string): { quote: string; start?: number; end?: number } | undefined {
    const wanted = fold(quote);
    if (!wanted || wanted.length > MAX_QUOTE_CHARS) return undefined;
    const at = this.#body.text.indexOf(wanted);
    if (at >= 0) {
      const start = this.#body.origin[at]!;
      const end = this.#body.origin[at + wanted.length - 1]! + 1;
      return { quote: this.article.body.slice(start, end), start, end };
    }
    const inTitle = this.#title.text.indexOf(wanted);
    if (inTitle < 0) return undefined;
    return { quote: this.article.title.slice(this.#title.origin[inTitle]!, this.#title.origin[inTitle + wanted.length - 1]! + 1) };
  }

  /** Does the article name this (a whole word or phrase, any case)? */
  names(name: string): boolean {
    const wanted = fold(name).toLowerCase();
    return wanted.length > 0 && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(wanted)}(?![\\p{L}\\p{N}])`, 'u').test(this.#lowered);
  }
}

class Verifier {
  readonly refused: Refusal[] = [];
  readonly #text: ArticleText;

  constructor(
    readonly article: Article,
    readonly reference: ReferenceDate,
    readonly extractor: ExtractorInfo,
  ) {
    this.#text = new ArticleText(article);
  }

  #refuse(what: Refusal['what'], reason: string, detail: string): undefined {
    this.refused.push({ what, reason, detail: detail.length > 160 ? `${detail.slice(0, 157)}...` : detail });
    return undefined;
  }

  /** Through the dictionary when it knows the name (and the article names the actor), else a slug of a name the article contains. */
  actor(given: { name: string; kind?: ActorKind }): Actor | undefined {
    const known = findActorMentions(given.name).find(
      (m) => m.form === 'name' || (m.actor.kind === 'state' && (given.kind === undefined || given.kind === 'state')),
    )?.actor;
    if (known) {
      return this.#text.actorIds.has(known.id) ? toActor(known) : this.#refuse('actor', 'not named in the article', `${given.name} (${known.id})`);
    }
    const id = slugOf(given.name);
    if (!id || !this.#text.names(given.name)) return this.#refuse('actor', 'not named in the article', given.name);
    return { id, name: given.name.trim(), kind: given.kind ?? 'organisation' };
  }

  actors(list: { name: string; kind: ActorKind }[], except: ReadonlySet<string> = new Set()): Actor[] {
    const byId = new Map<string, Actor>();
    for (const given of list) {
      const actor = this.actor(given);
      if (actor && !except.has(actor.id) && !byId.has(actor.id)) byId.set(actor.id, actor);
    }
    return [...byId.values()];
  }

  place(given: { name: string; country: string }): Place | undefined {
    if (!COUNTRIES.has(given.country)) return this.#refuse('place', 'not an ISO 3166-1 country code', `${given.name} (${given.country})`);
    if (!this.#text.names(given.name)) return this.#refuse('place', 'not named in the article', given.name);
    const name = given.name.trim();
    // The gazetteer's entry (GeoNames id, coordinates) when it knows the same place in the same country.
    const known = findPlaceMentions(name, []).find((m) => m.start === 0 && m.end === name.length && m.place.country === given.country);
    return known ? { ...known.place, name } : { name, country: given.country };
  }

  person(given: ModelEvent['people'][number]): Person | undefined {
    if (!this.#text.names(given.name)) return this.#refuse('person', 'not named in the article', given.name);
    const person: Person = { name: given.name.trim() };
    if (given.role) {
      if (this.#text.names(given.role)) person.role = given.role.trim();
      else this.#refuse('role', 'not in the article', `${given.name}: ${given.role}`);
    }
    const actor = given.actor ? this.actor({ name: given.actor }) : undefined;
    if (actor) person.actor = actor.id;
    return person;
  }

  /** A real date written to its precision; `metadata` and `received` can only be the article's own date. */
  date(ref: DateRef | undefined, field: string): DateRef | undefined {
    if (!ref) return undefined;
    const invalid = [ref.date, ...(ref.ambiguous ?? [])].find((d) => !isCalendarDate(d, d === ref.date ? ref.precision : undefined));
    if (invalid !== undefined) return this.#refuse('date', `${field} is not a real date of ${ref.precision} precision`, invalid);
    if (isUndated(ref)) {
      const own = this.reference.ref;
      if (ref.date !== own.date) return this.#refuse('date', `${field} claims the article's date but is not it`, `${ref.date} (${ref.basis})`);
      return own;
    }
    return ref;
  }

  event(given: ModelEvent): CeasefireEvent | undefined {
    const { article } = this;
    const label = `${given.type} ${given.occurred.date} ${given.theatre.country}`;
    const evidence = [];
    for (const quote of new Set(given.evidence)) {
      const found = this.#text.locate(quote);
      if (!found) return this.#refuse('event', 'evidence not found in the article', `${label}: "${quote}"`);
      evidence.push({ articleId: article.id, ...found });
    }
    const country = given.theatre.country;
    if (!COUNTRIES.has(country)) return this.#refuse('event', 'theatre is not an ISO 3166-1 country code', label);
    const occurred = this.date(given.occurred, 'occurred');
    if (!occurred) return this.#refuse('event', 'no valid occurred date', label);
    if (daysBefore(occurred, this.reference) < -SLACK_DAYS) {
      return this.#refuse('event', `occurred after the article's date (${this.reference.ref.date})`, label);
    }
    const effective = this.date(given.effective, 'effective');
    const ends = this.date(given.ends, 'ends');

    const parties = this.actors(given.parties);
    const partyIds = new Set(parties.map((p) => p.id));
    const areas = given.theatre.areas.map((p) => this.place(p)).filter((p): p is Place => p !== undefined && p.country === country);
    const venue = given.venue ? this.place(given.venue) : undefined;
    const people = given.people.map((p) => this.person(p)).filter((p): p is Person => p !== undefined);
    const quotes = evidence.map((e) => e.quote);
    return {
      id: eventId(given.type, country, occurred.date, parties),
      schemaVersion: SCHEMA_VERSION,
      type: given.type,
      headline: headlineOf(given.type, parties, truceWord(quotes), country, areas[0], venue),
      summary: quotes.slice(0, 3).join(' '),
      occurred,
      ...(effective ? { effective } : {}),
      ...(ends ? { ends } : {}),
      theatre: { country, areas: uniquePlaces(areas) },
      ...(venue ? { venue } : {}),
      parties,
      mediators: this.actors(given.mediators, partyIds),
      excluded: this.actors(given.excluded, partyIds),
      people: [...new Map(people.map((p) => [p.name.toLowerCase(), p])).values()],
      codes: triggerCodes[given.type],
      evidence,
      sources: [sourceOf(article, this.reference)],
      confidence: confidenceOf(evidence, occurred),
      extractor: this.extractor,
      firstReportedAt: article.receivedAt,
      updatedAt: article.receivedAt,
    };
  }
}

function isCalendarDate(value: string, precision: DateRef['precision'] | undefined): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return false;
  const written: DateRef['precision'] = m[3] ? 'day' : m[2] ? 'month' : 'year';
  if (precision && written !== precision) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function uniquePlaces(places: Place[]): Place[] {
  return [...new Map(places.map((p) => [`${p.country}|${p.name.toLowerCase()}`, p])).values()];
}

/** The truce as the evidence names it ("cessation of hostilities"), else "ceasefire". */
function truceWord(quotes: string[]): string {
  for (const quote of quotes) {
    const found = quote.match(TRUCE_TERM)?.[0];
    if (found) return found.toLowerCase();
  }
  return 'ceasefire';
}

const listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** The rules' headline templates (data/triggers.json) over the verified fields: a model's words never reach the headline. */
function headlineOf(type: CeasefireEvent['type'], parties: Actor[], truce: string, country: string, area: Place | undefined, venue: Place | undefined): string {
  const names = parties.map((p) => p.name);
  const who =
    names.length === 0 ? 'Parties' : names.length > MAX_HEADLINE_PARTIES ? `${names.slice(0, MAX_HEADLINE_PARTIES).join(', ')} and others` : listFormat.format(names);
  const countryName = actorById(country)?.name ?? regionNames.of(country) ?? country;
  const where = area ? `${area.name}, ${countryName}` : countryName;
  return fillHeadline(headlineTemplate(type, undefined), { who, singular: parties.length === 1, truce, where, venue });
}

/**
 * From the evidence alone (docs/extraction.md): 0.5, plus 0.2 when a quote is the headline or in the
 * lead, 0.1 for a second quote, 0.1 for a date the text gives (explicit or relative), minus 0.1 for an
 * ambiguous one; between 0.05 and 0.95.
 */
function confidenceOf(evidence: { start?: number }[], occurred: DateRef): number {
  let score = 0.5;
  if (evidence.some((e) => e.start === undefined || e.start < LEAD_CHARS)) score += 0.2;
  if (evidence.length >= 2) score += 0.1;
  if (occurred.basis === 'explicit' || occurred.basis === 'relative') score += 0.1;
  if (occurred.ambiguous) score -= 0.1;
  return Math.round(Math.min(0.95, Math.max(0.05, score)) * 100) / 100;
}

/** The events of a model's answer that survive verification, and what was refused. */
export function verifyAnswer(
  article: Article,
  reference: ReferenceDate,
  answer: ExtractionToolInput,
  extractor: ExtractorInfo,
): { events: CeasefireEvent[]; refused: Refusal[] } {
  const verifier = new Verifier(article, reference, extractor);
  const events = answer.events.map((e) => verifier.event(e)).filter((e): e is CeasefireEvent => e !== undefined);
  return { events, refused: verifier.refused };
}
