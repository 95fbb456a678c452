/**
 * How one event reads in a feed item and on the HTML page: an HTML fragment built only from fixed
 * tags and escaped text, and a plain-text twin for JSON Feed's `content_text`.
 */
import type { Actor, CeasefireEvent, DateRef, EventType, Person, Place, Source } from '#schemas/event.ts';
import { cleanText, escapeHtml, safeHttpUrl } from './escape.ts';

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  talks: 'Talks',
  proposal: 'Proposal',
  agreement: 'Agreement',
  implementation: 'Implementation',
  extension: 'Extension',
  violation: 'Violation',
  breakdown: 'Breakdown',
  collapse: 'Collapse',
  humanitarian: 'Humanitarian truce',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Syria (SY)"; just the code when the runtime does not know it. */
const countryLabels = new Map<string, string>();
export function countryLabel(code: string): string {
  let label = countryLabels.get(code);
  if (label === undefined) {
    label = lookupCountry(code);
    if (countryLabels.size < 1000) countryLabels.set(code, label);
  }
  return label;
}

function lookupCountry(code: string): string {
  let name: string | undefined;
  try {
    name = regionNames.of(code);
  } catch {
    name = undefined;
  }
  return name && name !== code && name !== 'Unknown Region' ? `${name} (${code})` : code;
}

/** The instant a DateRef stands for: its first day, at 00:00 UTC. */
export function dateRefToDate(ref: DateRef): Date {
  const [y, m, d] = ref.date.split('-').map((part) => Number.parseInt(part, 10));
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
}

function dateRefLabel(ref: DateRef): string {
  const notes: string[] = [];
  if (ref.basis === 'relative') notes.push('resolved from a relative date');
  if (ref.basis === 'metadata') notes.push('from the article date');
  if (ref.basis === 'received') notes.push('date received');
  if (ref.ambiguous) notes.push(`ambiguous: ${ref.ambiguous.join(' or ')}`);
  return notes.length ? `${ref.date} (${notes.join('; ')})` : ref.date;
}

const actorList = (actors: readonly Actor[]) => actors.map((a) => a.name).join(', ');
const placeLabel = (p: Place) => `${p.name}, ${countryLabel(p.country)}`;
const personLabel = (p: Person) => (p.role ? `${p.name} (${p.role})` : p.name);

interface Fact {
  label: string;
  value: string;
}

/** The facts of an event, in reading order, as plain text. */
export function eventFacts(event: CeasefireEvent): Fact[] {
  const facts: Fact[] = [];
  const what = [`${EVENT_TYPE_LABELS[event.type] ?? event.type}, ${dateRefLabel(event.occurred)}`];
  if (event.effective) what.push(`effective ${dateRefLabel(event.effective)}`);
  if (event.ends) what.push(`ends ${dateRefLabel(event.ends)}`);
  facts.push({ label: 'What', value: what.join('; ') });
  const where = countryLabel(event.theatre.country);
  facts.push({
    label: 'Where',
    value: event.theatre.areas.length ? `${where}: ${event.theatre.areas.map((a) => a.name).join(', ')}` : where,
  });
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
  if (source.publishedAt) parts.push(source.publishedAt);
  const url = safeHttpUrl(source.url);
  return url ? { text: parts.join(', '), url } : { text: parts.join(', ') };
}

function linkHtml(text: string, url: string | undefined): string {
  return url ? `<a href="${escapeHtml(url)}" rel="nofollow noopener">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** The event as an HTML fragment (no headline: feed items carry it as their title). */
export function eventHtml(event: CeasefireEvent): string {
  const sources = new Map(event.sources.map((s) => [s.articleId, s]));
  const out: string[] = [];
  out.push(`<p>${escapeHtml(event.summary)}</p>`);
  out.push('<ul>');
  for (const fact of eventFacts(event)) {
    out.push(`<li><strong>${escapeHtml(fact.label)}:</strong> ${escapeHtml(fact.value)}</li>`);
  }
  out.push('</ul>');
  out.push('<p><strong>Evidence:</strong></p>');
  for (const evidence of event.evidence) {
    const cite = sourceCitation(sources.get(evidence.articleId));
    out.push(
      `<blockquote><p>\u201c${escapeHtml(evidence.quote)}\u201d</p><p>\u2014 ${linkHtml(cite.text, cite.url)}</p></blockquote>`,
    );
  }
  const cited = new Set(event.evidence.map((e) => e.articleId));
  const uncited = event.sources.filter((s) => !cited.has(s.articleId));
  if (uncited.length) {
    out.push('<p><strong>Also reported by:</strong></p><ul>');
    for (const source of uncited) {
      const cite = sourceCitation(source);
      out.push(`<li>${linkHtml(cite.text, cite.url)}</li>`);
    }
    out.push('</ul>');
  }
  out.push(
    `<p><small>${escapeHtml(
      `${event.sources.length} source${event.sources.length === 1 ? '' : 's'}; confidence ${event.confidence.toFixed(2)}; first reported ${event.firstReportedAt}; updated ${event.updatedAt}`,
    )}</small></p>`,
  );
  return out.join('\n');
}

/** The same content as plain text. */
export function eventText(event: CeasefireEvent): string {
  const sources = new Map(event.sources.map((s) => [s.articleId, s]));
  const lines: string[] = [cleanText(event.summary), ''];
  for (const fact of eventFacts(event)) lines.push(cleanText(`${fact.label}: ${fact.value}`));
  lines.push('', 'Evidence:');
  for (const evidence of event.evidence) {
    const cite = sourceCitation(sources.get(evidence.articleId));
    lines.push(cleanText(`\u201c${evidence.quote}\u201d \u2014 ${cite.text}${cite.url ? ` (${cite.url})` : ''}`));
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
