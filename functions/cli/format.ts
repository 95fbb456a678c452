/** A short readable summary of an event for the terminal: type, date, where, who, and the evidence. */
import type { Actor, CeasefireEvent, DateRef } from '#schemas/event.ts';
import type { Decision } from '#commons/extraction/trace.ts';

const dateText = (d: DateRef) => `${d.date}${d.ambiguous ? ` (or ${d.ambiguous.filter((a) => a !== d.date).join(', ')})` : ''} [${d.basis}]`;
const names = (actors: Actor[]) => actors.map((a) => a.name).join(', ');

export function formatEvent(event: CeasefireEvent): string {
  const where = [event.theatre.country, ...event.theatre.areas.map((a) => a.name)].join(', ');
  const lines = [
    `  ● ${event.type.toUpperCase()}: ${event.headline}`,
    `    when:      ${dateText(event.occurred)}${event.effective ? `; takes effect ${dateText(event.effective)}` : ''}${event.ends ? `; ends ${dateText(event.ends)}` : ''}`,
    `    where:     ${where}${event.venue ? `; venue ${event.venue.name}` : ''}`,
    event.parties.length ? `    parties:   ${names(event.parties)}` : '',
    event.mediators.length ? `    mediators: ${names(event.mediators)}` : '',
    event.excluded.length ? `    excluded:  ${names(event.excluded)}` : '',
    event.people.length ? `    people:    ${event.people.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join('; ')}` : '',
    `    evidence:  “${event.evidence[0]!.quote}”`,
    `    confidence ${event.confidence}`,
    readBy(event),
  ];
  return lines.filter(Boolean).join('\n');
}

/** Who read the article, when it was not simply the rules. */
function readBy({ extractor }: CeasefireEvent): string {
  if (extractor?.backend === 'bedrock') return `    read by:   ${extractor.model} (prompt v${extractor.promptVersion})`;
  if (extractor?.fallback) return `    read by:   the rules (Bedrock ${extractor.fallback})`;
  return '';
}

const line = (d: Decision) => `${d.outcome} — ${d.why}`;

/**
 * The stages' decisions for `extract --explain`: the article's, then each development (D1...) with what
 * made it, then the candidates (sentences with a trigger) and what was dropped on the way, and why.
 */
export function formatExplanation(decisions: Decision[]): string {
  const developments = [...new Set(decisions.filter((d) => /^D\d+$/.test(d.subject)).map((d) => d.subject))];
  const isSentence = (d: Decision) => d.subject === 'headline' || /^s\d+$/.test(d.subject);
  const blocks = [
    '  why:',
    ...decisions.filter((d) => d.subject === 'article').map((d) => `    article (${d.stage}): ${line(d)}`),
    ...developments.flatMap((label) => [
      `    ${label}:`,
      ...decisions.filter((d) => d.subject === label).map((d) => `      ${d.stage.padEnd(10)} ${line(d)}`),
    ]),
    '    candidates and what was dropped:',
    ...decisions.filter((d) => !isSentence(d) && d.subject !== 'article' && !developments.includes(d.subject)).map((d) => `      ${d.subject}: ${line(d)}`),
    ...decisions.filter(isSentence).map((d) => `      ${d.subject.padEnd(8)} ${d.stage.padEnd(10)} ${line(d)}`),
  ];
  return blocks.join('\n');
}
