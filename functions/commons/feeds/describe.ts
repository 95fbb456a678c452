/**
 * How one event reads in a feed item and on the HTML pages: HTML fragments built only from fixed
 * tags and escaped text, a plain-text twin for JSON Feed's `content_text`, and the item's
 * categories and map point.
 *
 * An item reads, top to bottom: a date line (when, what, where), the summary, the facts (theatre,
 * venue, effective date, parties, mediators, excluded groups, people), the evidence quotes each with
 * a link to its source, every source, and links to earlier related developments.
 */
import { SCHEMA_BASE_URL } from '#schemas/contract.ts';
import type { Actor, CeasefireEvent, DateRef, Person, Place, Source } from '#schemas/event.ts';
import { actorById } from '#commons/extraction/actors.ts';
import { cleanText, escapeHtml, safeHttpUrl } from './escape.ts';
import { EVENT_TYPE_LABELS, actorName, countryLabel, countryName } from './display.ts';

export const TYPE_SCHEME = `${SCHEMA_BASE_URL}event-type`;
export const THEATRE_SCHEME = `${SCHEMA_BASE_URL}theatre-country`;
export const COUNTRY_SCHEME = `${SCHEMA_BASE_URL}country`;

/** The instant a DateRef stands for: its first day, at 00:00 UTC. */
export function dateRefToDate(ref: Pick<DateRef, 'date'>): Date {
  return new Date(dateRefTime(ref.date));
}

/** Milliseconds since the epoch of a YYYY, YYYY-MM or YYYY-MM-DD date (schema-checked digits). */
export function dateRefTime(date: string): number {
  const n = (at: number, length: number) => Number.parseInt(date.slice(at, at + length), 10);
  return Date.UTC(n(0, 4), date.length >= 7 ? n(5, 2) - 1 : 0, date.length >= 10 ? n(8, 2) : 1);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const DATE_PARTS = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;
const PRECISION_LENGTH = { day: 10, month: 7, year: 4 } as const;

/**
 * The date of a DateRef cut to its precision: "2016-01" for a month, even if the date was written as
 * "2016-01-01". For <time datetime> (a valid date, month or year string) and for `formatDate`.
 */
export function dateRefDate(ref: Pick<DateRef, 'date'> & { precision?: DateRef['precision'] }): string {
  return ref.precision ? ref.date.slice(0, PRECISION_LENGTH[ref.precision]) : ref.date;
}

/**
 * "12 February 2016", "April 2016" or "2016", as precise as the date is (its precision, else as far
 * as it is written); no locale, no clock. Every date a person reads goes through this.
 */
export function formatDate(ref: Pick<DateRef, 'date'> & { precision?: DateRef['precision'] }): string {
  const date = dateRefDate(ref);
  const [, y, m, d] = DATE_PARTS.exec(date) ?? [];
  const month = m === undefined ? undefined : MONTHS[Number.parseInt(m, 10) - 1];
  if (!y || !month) return y ?? date;
  return d === undefined ? `${month} ${y}` : `${Number.parseInt(d, 10)} ${month} ${y}`;
}

/** "1 December 2026" from an ISO timestamp or date (YYYY, YYYY-MM, YYYY-MM-DD, or longer); other text as it is. */
export function formatDay(isoDateOrTimestamp: string): string {
  const date = DATE_PARTS.exec(isoDateOrTimestamp)?.[0];
  return date ? formatDate({ date }) : isoDateOrTimestamp;
}

/** "12 February 2016, 09:30 UTC" from an ISO timestamp in UTC (as toISOString writes it). */
export function formatTimestamp(iso: string): string {
  const time = /T(\d{2}:\d{2})/.exec(iso)?.[1];
  return time ? `${formatDay(iso)}, ${time} UTC` : iso;
}

/** A timestamp as its day for people, whole for machines: `<time datetime="2026-12-01T09:30:00.000Z">1 December 2026</time>`. */
export function timestampHtml(timestamp: string): string {
  return `<time datetime="${escapeHtml(timestamp)}">${escapeHtml(formatDay(timestamp))}</time>`;
}

/** A date for people with its machine-readable form: `<time datetime="2016-02">February 2016</time>`. */
export function timeHtml(ref: Pick<DateRef, 'date'> & { precision?: DateRef['precision'] }): string {
  return `<time datetime="${escapeHtml(dateRefDate(ref))}">${escapeHtml(formatDate(ref))}</time>`;
}

function dateRefLabel(ref: DateRef): string {
  const notes: string[] = [];
  if (ref.basis === 'relative') notes.push('resolved from a relative date');
  if (ref.basis === 'metadata') notes.push('from the article date');
  if (ref.basis === 'received') notes.push('date received');
  if (ref.ambiguous) notes.push(`ambiguous: ${ref.ambiguous.map((date) => formatDate({ date })).join(' or ')}`);
  const date = formatDate(ref);
  return notes.length ? `${date} (${notes.join('; ')})` : date;
}

const PRECISION_NOTES: Record<DateRef['precision'], string> = {
  day: 'to the day',
  month: 'known to the month',
  year: 'known to the year',
};
const BASIS_NOTES: Record<DateRef['basis'], string> = {
  explicit: 'written in full in the article',
  relative: 'resolved from a relative date, such as \u201con Friday\u201d, against the article\u2019s date',
  metadata: 'the date the article was published',
  received: 'the day the article arrived, as it gives no date',
};

/** How precisely a date is known and where it comes from: "to the day; written in full in the article". */
export function dateRefBasis(ref: DateRef): string {
  const notes = [PRECISION_NOTES[ref.precision] ?? ref.precision, BASIS_NOTES[ref.basis] ?? ref.basis];
  if (ref.ambiguous) notes.push(`the text also allows ${ref.ambiguous.filter((d) => d !== ref.date).map((date) => formatDate({ date })).join(' or ')}`);
  return notes.join('; ');
}

const actorList = (actors: readonly Actor[]) => actors.map(actorName).join(', ');
/** "Munich, Germany (DE)". */
export const placeLabel = (p: Place) => `${p.name}, ${countryLabel(p.country)}`;
const personLabel = (p: Person) => (p.role ? `${p.name} (${p.role})` : p.name);

/** "Syria" or "Syria: Aleppo, Idlib". */
export function theatreLabel(event: CeasefireEvent): string {
  const country = countryName(event.theatre.country);
  return event.theatre.areas.length ? `${country}: ${event.theatre.areas.map((a) => a.name).join(', ')}` : country;
}

/** The theatre as a fact: "Syria (SY)" or "Syria (SY): Aleppo, Idlib". */
export function theatreFact(event: CeasefireEvent): string {
  const where = countryLabel(event.theatre.country);
  return event.theatre.areas.length ? `${where}: ${event.theatre.areas.map((a) => a.name).join(', ')}` : where;
}

/** The one-line date line: "12 February 2016 · Agreement · Syria: Aleppo". */
export function datelineText(event: CeasefireEvent): string {
  return `${formatDate(event.occurred)} \u00b7 ${EVENT_TYPE_LABELS[event.type] ?? event.type} \u00b7 ${theatreLabel(event)}`;
}

/** When and where, for `dc:coverage`: "12 February 2016 · Syria: Aleppo". */
export function coverageText(event: CeasefireEvent): string {
  return `${formatDate(event.occurred)} \u00b7 ${theatreLabel(event)}`;
}

/**
 * The date line as HTML, with a machine-readable <time>; `typeClass` (pages) shows the type as a
 * coloured label. Feed items and page entries start with it.
 */
export function datelineHtml(event: CeasefireEvent, typeClass = false): string {
  const type = escapeHtml(EVENT_TYPE_LABELS[event.type] ?? event.type);
  return (
    `<p class="dateline">${timeHtml(event.occurred)} \u00b7 ` +
    `${typeClass ? `<span class="type t-${escapeHtml(event.type)}">${type}</span>` : type} \u00b7 ${escapeHtml(theatreLabel(event))}</p>`
  );
}

export interface Fact {
  label: string;
  value: string;
}

/** The facts of an event, in reading order, as plain text. */
export function eventFacts(event: CeasefireEvent): Fact[] {
  const facts: Fact[] = [{ label: 'When', value: dateRefLabel(event.occurred) }];
  if (event.effective) facts.push({ label: 'Effective', value: dateRefLabel(event.effective) });
  if (event.ends) facts.push({ label: 'Ends', value: dateRefLabel(event.ends) });
  facts.push({ label: 'Theatre', value: theatreFact(event) });
  if (event.venue) facts.push({ label: 'Venue', value: placeLabel(event.venue) });
  if (event.parties.length) facts.push({ label: 'Parties', value: actorList(event.parties) });
  if (event.mediators.length) facts.push({ label: 'Mediators', value: actorList(event.mediators) });
  if (event.excluded.length) facts.push({ label: 'Excluded', value: actorList(event.excluded) });
  if (event.people.length) facts.push({ label: 'People', value: event.people.map(personLabel).join('; ') });
  return facts;
}

function sourceCitation(source: Source | undefined): { text: string; url?: string } {
  if (!source) return { text: 'unknown source' };
  const title = source.title.trim() || source.publisher || 'source';
  const parts = [title];
  if (source.publisher && source.publisher !== title) parts.push(source.publisher);
  if (source.publishedAt) parts.push(formatDay(source.publishedAt));
  const url = safeHttpUrl(source.url);
  return url ? { text: parts.join(', '), url } : { text: parts.join(', ') };
}

/** A citation as plain text: "Title, Publisher, 12 February 2016 (https://…)". */
function citationText(source: Source | undefined): string {
  const cite = sourceCitation(source);
  return cite.url ? `${cite.text} (${cite.url})` : cite.text;
}

/** A source as HTML: its citation, linked to the article when it has a usable URL. */
export function citationHtml(source: Source | undefined): string {
  const { text, url } = sourceCitation(source);
  return url ? `<a href="${escapeHtml(url)}" rel="nofollow noopener">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** "1 source", "2 sources". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Quotation marks a quote may already carry at both ends. */
const QUOTE_MARKS = new Set(['"', '\u201c', '\u201d', '\u2018', '\u2019', '\u00ab', '\u00bb']);

/** The quote between curly quotation marks, unless it already starts and ends with quotation marks. */
export function quoted(quote: string): string {
  const text = quote.trim();
  return text.length >= 2 && QUOTE_MARKS.has(text[0]!) && QUOTE_MARKS.has(text.at(-1)!) ? text : `\u201c${text}\u201d`;
}

/** What makes two quotes the same quote: case, spacing, the kind of quotation marks and marks around it aside. */
function quoteKey(quote: string): string {
  return quoted(quote)
    .slice(1, -1) // without its outer marks, whether it came with them or not
    .normalize('NFKC')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** One quote as shown, with every source that carries it. */
export interface QuoteGroup {
  /** The quote as first given. */
  quote: string;
  /** In the order of the event's sources (earliest published first); undefined for an article not among them. */
  sources: (Source | undefined)[];
}

/**
 * The evidence, each distinct quote once (in the order they first appear), with all its sources:
 * near-identical copies of an article report the same sentences.
 */
export function quoteGroups(event: CeasefireEvent): QuoteGroup[] {
  const rank = new Map(event.sources.map((s, i) => [s.articleId, i]));
  const sourceOf = new Map(event.sources.map((s) => [s.articleId, s]));
  const groups = new Map<string, { quote: string; articles: string[] }>();
  for (const { articleId, quote } of event.evidence) {
    const key = quoteKey(quote);
    const group = groups.get(key);
    if (!group) groups.set(key, { quote, articles: [articleId] });
    else if (!group.articles.includes(articleId)) group.articles.push(articleId);
  }
  const bySource = (a: string, b: string) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity);
  return [...groups.values()].map(({ quote, articles }) => ({
    quote,
    sources: articles.sort(bySource).map((id) => sourceOf.get(id)),
  }));
}

/** One source and the quotes the event takes from it. */
export interface SourceQuotes {
  /** undefined for evidence from an article that is not among the event's sources. */
  source: Source | undefined;
  quotes: string[];
}

/**
 * Every source, in the event's order (earliest published first), with the quotes taken from it, each
 * once; evidence from an article not among the sources comes last.
 */
export function quotesBySource(event: CeasefireEvent): SourceQuotes[] {
  const bySource = new Map<string, { source: Source | undefined; quotes: Map<string, string> }>(
    event.sources.map((source) => [source.articleId, { source, quotes: new Map() }]),
  );
  for (const { articleId, quote } of event.evidence) {
    let entry = bySource.get(articleId);
    if (!entry) bySource.set(articleId, (entry = { source: undefined, quotes: new Map() }));
    const key = quoteKey(quote);
    if (!entry.quotes.has(key)) entry.quotes.set(key, quote);
  }
  const all = [...bySource.values()].map(({ source, quotes }) => ({ source, quotes: [...quotes.values()] }));
  return [...all.filter((s) => s.source), ...all.filter((s) => !s.source && s.quotes.length)];
}

/** The two halves of an event's body: summary and facts, then evidence and sources. */
export interface BodyParts {
  facts: string;
  evidence: string;
  /** Label of the collapsible evidence block on pages: "Evidence and sources (2 quotes, 1 source)". */
  evidenceLabel: string;
}

/** `confidence`: the development's corroborated confidence (extraction/events.ts), the figure the feeds go by. */
export function eventBodyParts(event: CeasefireEvent, confidence: number): BodyParts {
  const facts: string[] = [`<p>${escapeHtml(event.summary)}</p>`, '<ul>'];
  for (const fact of eventFacts(event)) {
    facts.push(`<li><strong>${escapeHtml(fact.label)}:</strong> ${escapeHtml(fact.value)}</li>`);
  }
  facts.push('</ul>');
  const out: string[] = ['<p><strong>Evidence:</strong></p>'];
  const quotes = quoteGroups(event);
  for (const { quote, sources } of quotes) {
    out.push(`<blockquote><p>${escapeHtml(quoted(quote))}</p><p>\u2014 ${sources.map(citationHtml).join('; ')}</p></blockquote>`);
  }
  out.push(`<p><strong>Sources (${event.sources.length}):</strong></p><ul>`);
  for (const source of event.sources) out.push(`<li>${citationHtml(source)}</li>`);
  out.push('</ul>');
  out.push(`<p><small>${reportedHtml(event, confidence)}</small></p>`);
  return {
    facts: facts.join('\n'),
    evidence: out.join('\n'),
    evidenceLabel: `Evidence and sources (${plural(quotes.length, 'quote')}, ${plural(event.sources.length, 'source')})`,
  };
}

/** A confidence (or the feeds' minimum) as people read it: 0.55. */
export const confidenceFigure = (confidence: number) => confidence.toFixed(2);

/**
 * "Reported by 2 sources; confidence 0.80; first reported 1 December 2026; updated 3 December 2026",
 * the dates for people and, in <time datetime>, for machines; "updated" only when it is another day.
 */
function reportedHtml(event: CeasefireEvent, confidence: number): string {
  const parts = [
    escapeHtml(`Reported by ${plural(event.sources.length, 'source')}; confidence ${confidenceFigure(confidence)}; first reported `) +
      timestampHtml(event.firstReportedAt),
  ];
  if (formatDay(event.updatedAt) !== formatDay(event.firstReportedAt)) parts.push(`updated ${timestampHtml(event.updatedAt)}`);
  return parts.join('; ');
}

/**
 * The event as an HTML fragment, without headline (feed items carry it as their title, pages as a
 * heading), date line and related links (both added by the caller, which knows where it links from).
 * `collapsible` (pages) puts evidence and sources in a <details> element, so the timeline stays
 * scannable and they open on demand without a script.
 */
export function composeBody(parts: BodyParts, collapsible: boolean): string {
  return collapsible
    ? `${parts.facts}\n<details class="evidence"><summary>${escapeHtml(parts.evidenceLabel)}</summary>\n${parts.evidence}\n</details>`
    : `${parts.facts}\n${parts.evidence}`;
}

/** A related development and where to read it (absolute in feeds, relative on pages). */
export interface RelatedLink {
  event: CeasefireEvent;
  href: string;
}

/** "Earlier in Syria:" and a list of links; '' when there are none. */
export function relatedHtml(event: CeasefireEvent, related: readonly RelatedLink[]): string {
  if (!related.length) return '';
  const out = [`<p class="related"><strong>${escapeHtml(`Earlier in ${countryName(event.theatre.country)}:`)}</strong></p>`, '<ul class="related">'];
  for (const { event: earlier, href } of related) {
    out.push(
      `<li><a href="${escapeHtml(href)}">${escapeHtml(earlier.headline)}</a> (${escapeHtml(
        `${EVENT_TYPE_LABELS[earlier.type] ?? earlier.type}, ${formatDate(earlier.occurred)}`,
      )})</li>`,
    );
  }
  out.push('</ul>');
  return out.join('\n');
}

/** The same content as plain text. */
export function eventText(event: CeasefireEvent, related: readonly RelatedLink[] = []): string {
  const lines: string[] = [cleanText(datelineText(event)), '', cleanText(event.summary), ''];
  for (const fact of eventFacts(event)) lines.push(cleanText(`${fact.label}: ${fact.value}`));
  lines.push('', 'Evidence:');
  for (const { quote, sources } of quoteGroups(event)) {
    lines.push(cleanText(`${quoted(quote)} \u2014 ${sources.map(citationText).join('; ')}`));
  }
  lines.push('', `Sources (${event.sources.length}):`);
  for (const source of event.sources) lines.push(cleanText(`- ${citationText(source)}`));
  if (related.length) {
    lines.push('', `Earlier in ${countryName(event.theatre.country)}:`);
    for (const { event: earlier, href } of related) {
      lines.push(cleanText(`- ${earlier.headline} (${EVENT_TYPE_LABELS[earlier.type] ?? earlier.type}, ${formatDate(earlier.occurred)}) ${href}`));
    }
  }
  return lines.join('\n');
}

/** The first source URL that is a usable http(s) link (sources are sorted: earliest published first). */
export function externalUrl(event: CeasefireEvent): string | undefined {
  for (const source of event.sources) {
    const url = safeHttpUrl(source.url);
    if (url) return url;
  }
  return undefined;
}

export interface Category {
  term: string;
  label: string;
  scheme: string;
}

/**
 * The item's categories: its type, its theatre country, then every other country involved (the
 * venue's, and those of state parties and mediators), each once, in that order.
 */
export function eventCategories(event: CeasefireEvent): Category[] {
  const categories: Category[] = [
    { term: event.type, label: EVENT_TYPE_LABELS[event.type] ?? event.type, scheme: TYPE_SCHEME },
    { term: event.theatre.country, label: countryName(event.theatre.country), scheme: THEATRE_SCHEME },
  ];
  const seen = new Set([event.theatre.country]);
  const others: string[] = [];
  if (event.venue) others.push(event.venue.country);
  for (const actor of [...event.parties, ...event.mediators]) if (actor.kind === 'state') others.push(actor.id);
  for (const code of others) {
    if (seen.has(code) || !/^[A-Z]{2}$/.test(code)) continue;
    seen.add(code);
    categories.push({ term: code, label: countryName(code), scheme: COUNTRY_SCHEME });
  }
  return categories;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  /** What the point marks. */
  name: string;
  basis: 'venue' | 'area' | 'country';
}

const validPoint = (lat: unknown, lon: unknown): lat is number =>
  typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

const GEO_BASIS: Record<MappedPlace['role'], GeoPoint['basis']> = { venue: 'venue', area: 'area', theatre: 'country' };

/**
 * Where to put the item on a map: the venue when it has coordinates, else the first theatre area
 * that has them, else the centroid of the theatre country (from the extractor's actor data): picked
 * from `mappedPlaces`, which lists the same places theatre first.
 */
export function geoPoint(event: CeasefireEvent): GeoPoint | undefined {
  const located = mappedPlaces(event).filter((p) => p.point);
  const place = located.find((p) => p.role === 'venue') ?? located.find((p) => p.role === 'area') ?? located.find((p) => p.role === 'theatre');
  return place ? { lat: place.point!.lat, lon: place.point!.lon, name: place.name, basis: GEO_BASIS[place.role] } : undefined;
}

/** A place of the development, and where it is when that is known. */
export interface MappedPlace {
  /** theatre: the country where the truce applies; area: a place in it; venue: where talks or the announcement took place. */
  role: 'theatre' | 'area' | 'venue';
  name: string;
  country: string;
  point?: { lat: number; lon: number };
}

/** The theatre country (at its centre, from the actor data), its areas and the venue, in that order. */
export function mappedPlaces(event: CeasefireEvent): MappedPlace[] {
  const located = (role: MappedPlace['role'], name: string, country: string, lat: unknown, lon: unknown): MappedPlace =>
    validPoint(lat, lon) ? { role, name, country, point: { lat, lon: lon as number } } : { role, name, country };
  const centroid = actorById(event.theatre.country)?.centroid;
  return [
    located('theatre', countryName(event.theatre.country), event.theatre.country, centroid?.[0], centroid?.[1]),
    ...event.theatre.areas.map((area) => located('area', area.name, area.country, area.lat, area.lon)),
    ...(event.venue ? [located('venue', event.venue.name, event.venue.country, event.venue.lat, event.venue.lon)] : []),
  ];
}

/** GeoRSS-Simple "lat lon", at most 4 decimals (about 10 m), without trailing zeros. */
export function geoRssPoint(point: Pick<GeoPoint, 'lat' | 'lon'>): string {
  const n = (value: number) => String(Math.round(value * 1e4) / 1e4);
  return `${n(point.lat)} ${n(point.lon)}`;
}
