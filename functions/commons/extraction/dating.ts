/**
 * Stage 4, dates: when each development happened, when its truce takes effect and when it ends. An
 * agreement inherits the start of a truce reported to take effect within two weeks of it, or a start still
 * ahead of the report however far off; "an immediate
 * ceasefire" starts the day it is agreed; a truce that "began on 22 May" is dated to that day.
 */
import type { DateRef } from '#schemas/event.ts';
import type { ArticleAnalysis, SentenceFacts } from './analyse.ts';
import language from './data/language.json' with { type: 'json' };
import { daysBefore, daysBetween, type DateMention, isUndated } from './dates.ts';
import type { Development } from './selection.ts';
import { escapeRegExp, phraseRegExp } from './text.ts';
import type { Trace } from './trace.ts';
import { announcesStart } from './triggers.ts';

export interface DevelopmentDates {
  occurred: DateRef;
  effective?: DateRef;
  ends?: DateRef;
}

/** "an immediate ceasefire", "with effect from 17:00": the truce starts the day it is agreed. */
const startsAtOnce = phraseRegExp(language.immediateCues.map(escapeRegExp), 'i');
/** An agreement takes the start date of a truce that took effect within this many days of it. */
const MAX_DAYS_TO_START = 14;
/**
 * Reports of one episode lie at most this many days apart: an undated mention of violations or talks and a dated
 * one, a start and the deal told without a day since (which was agreed by then).
 */
export const SAME_EPISODE_DAYS = 3;

export function dateOfRole(sentences: SentenceFacts[], role: DateMention['role']): DateRef | undefined {
  return sentences.flatMap((s) => s.dates).find((d) => d.role === role)?.ref;
}

/** The start date of the first sentence that says when the truce takes effect. */
function announcedStart(sentences: SentenceFacts[]): DateRef | undefined {
  for (const s of sentences) {
    const start = announcesStart(s.text) ? s.dates.find((d) => d.role === 'effective') : undefined;
    if (start) return start.ref;
  }
  return undefined;
}

const show = (d: DateRef) => `${d.date} [${d.basis}]`;

export function dateDevelopments(developments: Development[], analysis: ArticleAnalysis, trace?: Trace): DevelopmentDates[] {
  // When the truce starts, as reported by a sentence saying it takes or took effect; agreements inherit it.
  const implementation = developments.find((d) => d.type === 'implementation');
  const startOfTruce =
    (implementation ? (dateOfRole(implementation.sentences, 'effective') ?? implementation.occurred) : undefined) ??
    announcedStart(analysis.sentences);
  // A start still ahead of the report is the one the article's deal sets, however far off ("fully into force on August 3").
  const startAhead = startOfTruce !== undefined && daysBefore(startOfTruce, analysis.reference) < 0;
  const startFollowing = (agreed: DateRef) => {
    const gap = startOfTruce ? daysBetween(agreed, startOfTruce) : undefined;
    return gap !== undefined && gap >= 0 && (gap <= MAX_DAYS_TO_START || startAhead) ? startOfTruce : undefined;
  };
  return developments.map((d) => {
    // A truce does not start before it is agreed: "since the war began in August 1992" beside a deal of 1994 is history.
    const own = d.sentences
      .flatMap((s) => s.dates)
      .find((m) => m.role === 'effective' && (d.type === 'implementation' || (daysBetween(d.occurred, m.ref) ?? 0) >= 0))?.ref;
    // "Israel and Hamas have agreed to a ceasefire", told without a day, after it "went into effect at 7 p.m. Tuesday":
    // a truce is agreed no later than it starts, so the deal takes the start's day.
    const startedBefore = d.type === 'agreement' && !own && isUndated(d.occurred) && startOfTruce ? daysBetween(startOfTruce, d.occurred) : undefined;
    const agreedAtStart = startedBefore !== undefined && startedBefore > 0 && startedBefore <= SAME_EPISODE_DAYS ? startOfTruce : undefined;
    const inherited = d.type === 'agreement' && !own ? (agreedAtStart ?? startFollowing(d.occurred)) : undefined;
    const immediate = d.type === 'agreement' && !own && !inherited && d.sentences.some((s) => startsAtOnce.test(s.text));
    // A start told as done and folded into its deal (selection) took effect the day the deal is dated.
    const startedThen = d.type === 'agreement' && d.sentences.some((s) => s.hit?.type === 'implementation' && s.hit.strength === 'strong' && !s.isHeadline);
    const effective = own ?? (d.type === 'implementation' ? d.occurred : (inherited ?? (immediate || startedThen ? d.occurred : undefined)));
    const ends = dateOfRole(d.sentences, 'ends');
    // A truce that "began on 22 May" took effect then, whenever the report that says so was written.
    const occurred = (d.type === 'implementation' && effective && daysBefore(effective, analysis.reference) >= 0) || agreedAtStart ? effective! : d.occurred;
    if (trace) {
      trace.note('dates', d.label, `occurred ${show(occurred)}`, occurred === d.occurred ? 'the day its evidence gives, else the article\'s date' : 'the day the truce began');
      if (effective) {
        const why = own ? 'a start cue in its evidence' : inherited ? 'the start of the truce reported in the article' : immediate ? 'an immediate truce starts the day it is agreed' : 'the day it took effect';
        trace.note('dates', d.label, `effective ${show(effective)}`, why);
      }
      if (ends) trace.note('dates', d.label, `ends ${show(ends)}`, 'an end cue in its evidence');
    }
    return { occurred, ...(effective ? { effective } : {}), ...(ends ? { ends } : {}) };
  });
}
