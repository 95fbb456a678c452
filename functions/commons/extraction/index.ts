/** The extractor: an Article in, the ceasefire developments it reports out. Pure and deterministic. */
import type { Article, CeasefireEvent } from '#schemas/event.ts';
import { analyseArticle } from './analyse.ts';
import { assembleEvents } from './events.ts';

export function extractEvents(article: Article): CeasefireEvent[] {
  return assembleEvents(analyseArticle(article));
}

/** The rules' relevance verdict: does the article speak of a truce in the context of an armed conflict? */
export function isCeasefireArticle(article: Article): boolean {
  return analyseArticle(article).relevant;
}
