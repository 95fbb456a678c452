/**
 * A development's own page (developments/<event id>.html): the link of its item in every feed, and
 * the page a shared link opens. Everything the event records, for people: headline, type, dates with
 * how precisely they are known and where they come from, theatre, areas and venue with their
 * coordinates (linked to OpenStreetMap), parties, mediators, excluded groups, people, CAMEO and
 * PLOVER codes, every source with the quotes taken from it, earlier and later developments in the
 * theatre, and the feeds to follow it by (its theatre's and its type's).
 *
 * For machines: schema.org JSON-LD (an Event) and OpenGraph tags, so a shared link previews with its
 * headline and summary. The JSON-LD is a data block, which a Content-Security-Policy without scripts
 * lets through (it is never run); `<` in it is written as \u003c, so no data can end the element.
 * Like the other pages: inline CSS, no script, nothing loaded from elsewhere (html.ts).
 */
import type { Actor, CeasefireEvent, DateRef, Person } from '#schemas/event.ts';
import { escapeHtml, safeHttpUrl } from './escape.ts';
import {
  citationHtml,
  confidenceFigure,
  dateRefBasis,
  dateRefDate,
  datelineHtml,
  formatDate,
  mappedPlaces,
  placeLabel,
  plural,
  quoted,
  quotesBySource,
  theatreFact,
  timeHtml,
  timestampHtml,
  type MappedPlace,
  type RelatedLink,
} from './describe.ts';
import { EVENT_TYPE_LABELS, EVENT_TYPE_PLURALS, actorName, countryName } from './display.ts';
import { CONFIDENCE_MEANS, PAGE_END, belowThresholdHtml, pageStart, subscribeLinks, type NamedFeed } from './html.ts';

/** A feed to follow from the page: its page and its documents (relative links). */
export interface FollowFeed extends NamedFeed {
  page: string;
}

export interface DevelopmentPageInput {
  event: CeasefireEvent;
  /** The item id every feed gives the development (render.ts itemId). */
  itemId: string;
  /** The page's own absolute URL (canonical, og:url, JSON-LD url). */
  url: string;
  siteTitle: string;
  /** Relative link to the timeline of all developments. */
  home: string;
  /** The theatre's feed (absent when the site has no filtered feeds, or the theatre is no ISO code). */
  theatre?: FollowFeed;
  /** The type's feed (absent when the site has no filtered feeds). */
  type?: FollowFeed;
  /** The feed of all developments. */
  main: FollowFeed;
  /**
   * Its corroborated confidence (extraction/events.ts: its strongest report's, raised by each further outlet)
   * and the feeds' minimum: below it, the development is on the pages only.
   */
  confidence: { corroborated: number; minimum: number };
  /** Earlier related developments, newest first. */
  earlier: readonly RelatedLink[];
  /** Later developments that relate to this one, oldest first. */
  later: readonly RelatedLink[];
}

export function renderDevelopmentPage(input: DevelopmentPageInput): string {
  const { event } = input;
  const places = mappedPlaces(event);
  const follow = [input.theatre, input.type, input.main].filter((f): f is FollowFeed => f !== undefined);
  const crumbs = [`<a href="${escapeHtml(input.home)}">\u2190 All developments</a>`];
  if (input.theatre) crumbs.push(`<a href="${escapeHtml(input.theatre.page)}">${escapeHtml(input.theatre.label)}</a>`);
  if (input.type) crumbs.push(`<a href="${escapeHtml(input.type.page)}">${escapeHtml(capitalised(EVENT_TYPE_PLURALS[event.type]))}</a>`);
  const out = [
    ...pageStart(`${event.headline} \u00b7 ${input.siteTitle}`, follow, headExtras(input, places)),
    '<header>',
    `<p class="crumbs">${crumbs.join(' \u00b7 ')}</p>`,
    `<h1>${escapeHtml(event.headline)}</h1>`,
    datelineHtml(event, true),
    ...(input.confidence.corroborated < input.confidence.minimum
      ? [belowThresholdHtml(input.confidence.corroborated, input.confidence.minimum, '#confidence')]
      : []),
    '</header>',
    `<main><article class="development" id="ev-${escapeHtml(event.id)}">`,
    `<p class="summary">${escapeHtml(event.summary)}</p>`,
    '<section aria-labelledby="facts"><h2 id="facts">What, when, who</h2>',
    '<dl class="facts">',
    ...facts(input),
    '</dl></section>',
    '<section aria-labelledby="places"><h2 id="places">Where</h2>',
    placesHtml(places),
    '</section>',
    '<section aria-labelledby="sources"><h2 id="sources">Sources and what they say</h2>',
    sourcesHtml(event),
    '</section>',
    ...relatedSection('earlier', `Earlier in ${countryName(event.theatre.country)}`, input.earlier),
    ...relatedSection('later', `Later in ${countryName(event.theatre.country)}`, input.later),
    '<section aria-labelledby="follow"><h2 id="follow">Follow developments like this</h2>',
    '<ul class="follow">',
    ...follow.map((f) => `<li><a href="${escapeHtml(f.page)}">${escapeHtml(f.title)}</a>: ${subscribeLinks(f.hrefs)}</li>`),
    '</ul></section>',
    '</article></main>',
    ...PAGE_END,
  ];
  return out.join('\n');
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// ---------------------------------------------------------------- the facts

function facts(input: DevelopmentPageInput): string[] {
  const { event } = input;
  const row = (label: string, html: string) => `<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`;
  const rows = [
    row('Type', `<span class="type t-${escapeHtml(event.type)}">${escapeHtml(EVENT_TYPE_LABELS[event.type] ?? event.type)}</span>`),
    row('When', dateHtml(event.occurred)),
  ];
  if (event.effective) rows.push(row('Effective', dateHtml(event.effective)));
  if (event.ends) rows.push(row('Ends', dateHtml(event.ends)));
  rows.push(row('Theatre', escapeHtml(theatreFact(event))));
  if (event.venue) rows.push(row('Venue', escapeHtml(placeLabel(event.venue))));
  rows.push(
    row('Parties', actorsHtml(event.parties)),
    row('Mediators', actorsHtml(event.mediators)),
    row('Excluded', actorsHtml(event.excluded)),
    row('People', peopleHtml(event.people)),
  );
  const codes = [event.codes.cameo && `CAMEO ${event.codes.cameo}`, event.codes.plover && `PLOVER ${event.codes.plover}`].filter(Boolean);
  if (codes.length) rows.push(row('Event codes', escapeHtml(codes.join(' \u00b7 '))));
  rows.push(
    row(
      'Reported',
      `first ${timestampHtml(event.firstReportedAt)}; last updated ${timestampHtml(event.updatedAt)}; ` +
        escapeHtml(plural(event.sources.length, 'source')),
    ),
    `<dt id="confidence">Confidence</dt><dd>${confidenceHtml(input)}</dd>`,
    row('Item id', `<code>${escapeHtml(input.itemId)}</code> <small>(the same in every feed and format)</small>`),
  );
  return rows;
}

/**
 * "0.60 (0.55 from its strongest report, +0.05 as other outlets report it too)", what confidence means,
 * and whether the feeds carry the development.
 */
function confidenceHtml(input: DevelopmentPageInput): string {
  const { corroborated, minimum } = input.confidence;
  const single = input.event.confidence;
  const how =
    corroborated > single
      ? `${confidenceFigure(single)} from its strongest report, +${confidenceFigure(corroborated - single)} as other outlets report it too`
      : 'from its strongest report; no other outlet has corroborated it yet';
  const where =
    corroborated >= minimum
      ? `The feeds carry developments from ${confidenceFigure(minimum)}: this one is in them.`
      : `The feeds carry developments from ${confidenceFigure(minimum)}: this one is on the pages only, until another outlet reports it or a re-extraction raises its confidence.`;
  return `<strong>${escapeHtml(confidenceFigure(corroborated))}</strong> <small>(${escapeHtml(how)})</small><br><small>${escapeHtml(`${CONFIDENCE_MEANS} ${where}`)}</small>`;
}

/** "12 February 2016 (to the day; written in full in the article)". */
function dateHtml(ref: DateRef): string {
  return `${timeHtml(ref)} <small>(${escapeHtml(dateRefBasis(ref))})</small>`;
}

const KINDS: Record<Actor['kind'], string> = { state: 'state', 'armed-group': 'armed group', organisation: 'organisation', coalition: 'coalition' };

function actorsHtml(actors: readonly Actor[]): string {
  if (!actors.length) return '<span class="none">none named</span>';
  return `<ul>${actors.map((a) => `<li>${escapeHtml(actorName(a))} <small>(${escapeHtml(KINDS[a.kind] ?? a.kind)})</small></li>`).join('')}</ul>`;
}

function peopleHtml(people: readonly Person[]): string {
  if (!people.length) return '<span class="none">none named</span>';
  const person = (p: Person) => {
    const about = [p.role, p.actor && actorName({ id: p.actor, name: p.actor })].filter(Boolean).join(', ');
    return `<li>${escapeHtml(p.name)}${about ? ` <small>(${escapeHtml(about)})</small>` : ''}</li>`;
  };
  return `<ul>${people.map(person).join('')}</ul>`;
}

// ---------------------------------------------------------------- places

const ROLES: Record<MappedPlace['role'], string> = { theatre: 'theatre (centre of the country)', area: 'area of the theatre', venue: 'venue' };

/** Degrees with a hemisphere: "36.2°N 37.16°E" (at most 4 decimals, about 10 m). */
function coordinates({ lat, lon }: { lat: number; lon: number }): string {
  const deg = (v: number, pos: string, neg: string) => `${Math.round(Math.abs(v) * 1e4) / 1e4}\u00b0${v < 0 ? neg : pos}`;
  return `${deg(lat, 'N', 'S')} ${deg(lon, 'E', 'W')}`;
}

function placesHtml(places: readonly MappedPlace[]): string {
  const rows = places.map((place) => {
    const where = place.point
      ? `<span class="coords">${escapeHtml(coordinates(place.point))}</span> <a href="${escapeHtml(osmUrl(place))}" rel="nofollow noopener">map</a>`
      : '<span class="none">no coordinates</span>';
    return `<tr><th scope="row">${escapeHtml(place.name)}</th><td>${escapeHtml(ROLES[place.role])}</td><td>${where}</td></tr>`;
  });
  return `<table class="places"><thead><tr><th scope="col">Place</th><th scope="col">Role</th><th scope="col">Coordinates</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** OpenStreetMap at the point, zoomed to a country or a town. */
function osmUrl(place: MappedPlace): string {
  const { lat, lon } = place.point!;
  const zoom = place.role === 'theatre' ? 6 : 10;
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=${zoom}/${lat}/${lon}`;
}

// ---------------------------------------------------------------- sources, related developments

function sourcesHtml(event: CeasefireEvent): string {
  const items = quotesBySource(event).map(({ source, quotes }) => {
    const cite = source ? citationHtml(source) : 'An article that is no longer among the sources';
    const said = quotes.map((q) => `<blockquote><p>${escapeHtml(quoted(q))}</p></blockquote>`).join('');
    return `<li>${cite}${said}</li>`;
  });
  return `<ol class="sources">${items.join('')}</ol>`;
}

function relatedSection(id: string, heading: string, developments: readonly RelatedLink[]): string[] {
  if (!developments.length) return [];
  return [
    `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(heading)}</h2>`,
    '<ul class="related">',
    ...developments.map(
      ({ event, href }) =>
        `<li><a href="${escapeHtml(href)}">${escapeHtml(event.headline)}</a> ` +
        `(${escapeHtml(EVENT_TYPE_LABELS[event.type] ?? event.type)}, ${timeHtml(event.occurred)})</li>`,
    ),
    '</ul></section>',
  ];
}

// ---------------------------------------------------------------- for machines: OpenGraph and JSON-LD

/** A description of at most `max` characters, cut at a word. */
function shortened(text: string, max = 300): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}\u2026`;
}

function headExtras(input: DevelopmentPageInput, places: readonly MappedPlace[]): string[] {
  const { event } = input;
  const description = shortened(`${formatDate(event.occurred)}, ${countryName(event.theatre.country)}: ${event.summary}`);
  const meta = (attribute: 'name' | 'property', key: string, value: string) =>
    `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;
  return [
    meta('name', 'description', description),
    `<link rel="canonical" href="${escapeHtml(input.url)}">`,
    meta('property', 'og:type', 'article'),
    meta('property', 'og:title', event.headline),
    meta('property', 'og:description', description),
    meta('property', 'og:url', input.url),
    meta('property', 'og:site_name', input.siteTitle),
    meta('property', 'og:locale', 'en_GB'),
    meta('property', 'article:published_time', event.firstReportedAt),
    meta('property', 'article:modified_time', event.updatedAt),
    meta('property', 'article:section', EVENT_TYPE_LABELS[event.type] ?? event.type),
    meta('property', 'article:tag', countryName(event.theatre.country)),
    meta('name', 'twitter:card', 'summary'),
    `<script type="application/ld+json">${jsonLd(input, places)}</script>`,
  ];
}

/** schema.org Event (https://schema.org/Event) of the development, as a data block; `places` are its mappedPlaces. */
function eventJsonLd(input: DevelopmentPageInput, places: readonly MappedPlace[]): Record<string, unknown> {
  const { event } = input;
  const organisation = (a: Actor) => ({ '@type': a.kind === 'state' ? 'GovernmentOrganization' : 'Organization', name: actorName(a) });
  const place = (p: MappedPlace) => ({
    '@type': p.role === 'theatre' ? 'Country' : 'Place',
    name: p.name,
    ...(p.role === 'theatre' ? {} : { address: { '@type': 'PostalAddress', addressCountry: p.country } }),
    ...(p.point ? { geo: { '@type': 'GeoCoordinates', latitude: p.point.lat, longitude: p.point.lon } } : {}),
  });
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': input.itemId,
    identifier: input.itemId,
    url: input.url,
    name: event.headline,
    description: event.summary,
    keywords: [EVENT_TYPE_LABELS[event.type] ?? event.type, countryName(event.theatre.country)],
    startDate: dateRefDate(event.occurred),
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: places.map(place),
  };
  if (event.ends) ld.endDate = dateRefDate(event.ends);
  if (event.parties.length) ld.attendee = event.parties.map(organisation);
  if (event.mediators.length) ld.organizer = event.mediators.map(organisation);
  if (event.people.length) {
    // The officials who spoke for the sides: contributors, in schema.org's words.
    ld.contributor = event.people.map((p) => ({
      '@type': 'Person',
      name: p.name,
      ...(p.role ? { jobTitle: p.role } : {}),
      ...(p.actor ? { affiliation: { '@type': 'Organization', name: actorName({ id: p.actor, name: p.actor }) } } : {}),
    }));
  }
  ld.subjectOf = event.sources.map((s) => ({
    '@type': 'NewsArticle',
    headline: s.title,
    ...(safeHttpUrl(s.url) ? { url: safeHttpUrl(s.url) } : {}),
    ...(s.publisher ? { publisher: { '@type': 'Organization', name: s.publisher } } : {}),
    ...(s.publishedAt ? { datePublished: s.publishedAt } : {}),
  }));
  return ld;
}

/** JSON that cannot end its <script> element or open a comment: every <, > and & as a \u escape. */
function jsonLd(input: DevelopmentPageInput, places: readonly MappedPlace[]): string {
  return JSON.stringify(eventJsonLd(input, places)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
