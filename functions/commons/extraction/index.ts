/**
 * The extractor: an Article in, the ceasefire developments it reports out. Pure and deterministic.
 * After reading (analyse.ts), five stages, each its own module:
 *   candidates (trigger, clause, modality) -> selection (news or background, one development)
 *   -> roles (theatre, parties, mediators, excluded, people, venue) -> dates -> events (headline, id, confidence).
 */
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import { analyseArticle } from './analyse.ts';
import { findCandidates, recalledSentences } from './candidates.ts';
import { dateDevelopments } from './dating.ts';
import { buildEvents } from './events.ts';
import { articleRoles, assignRoles } from './roles.ts';
import { selectDevelopments } from './selection.ts';
import { Trace } from './trace.ts';
import reads from './data/reads.json' with { type: 'json' };

function runStages(article: Article, trace?: Trace): CeasefireEvent[] {
  const analysis = analyseArticle(article, trace);
  if (!analysis.relevant) return [];
  const candidates = findCandidates(analysis, trace);
  const roles = articleRoles(analysis, recalledSentences(candidates), trace);
  const { theatre } = roles;
  if (!theatre) return [];
  const { developments, background } = selectDevelopments(candidates, analysis, roles, trace);
  const developmentRoles = assignRoles(developments, analysis, { ...roles, theatre }, trace);
  const dates = dateDevelopments(developments, analysis, trace);
  return buildEvents({ developments, background }, developmentRoles, dates, analysis, theatre, trace);
}

export function extractEvents(article: Article): CeasefireEvent[] {
  return runStages(article);
}

/** The events, and every decision the stages took on the way (`extract --explain`). */
export function explainExtraction(article: Article): { events: CeasefireEvent[]; trace: Trace } {
  const trace = new Trace();
  return { events: runStages(article, trace), trace };
}

/** The rules' relevance verdict: does the article speak of a truce in the context of an armed conflict? */
export function isCeasefireArticle(article: Article): boolean {
  return analyseArticle(article).relevant;
}

/** The languages this extractor reads (data/reads.json). An article in another is not read: it is unsupported, not an article without news. */
export const EXTRACTOR_LANGUAGES: readonly string[] = reads.languages;

export function readsLanguage(language: string): boolean {
  return EXTRACTOR_LANGUAGES.includes(language);
}
