/**
 * The event schema, contract v1: the single source of truth for every shape that crosses a module
 * or leaves the product (CLI JSON, the JSON Feed's `_ceasefire`, the store). Field names are the
 * contract; adding fields is fine, renaming one needs a new schema version.
 * `npm run schemas` writes the JSON Schema files in `schemas/json/` from these definitions.
 */
import * as z from 'zod';
import { ARTICLE_FORMATS, EVENT_TYPES, EXTRACTOR_BACKENDS, FALLBACK_REASONS, SCHEMA_BASE_URL, SCHEMA_VERSION } from './contract.ts';

export { ARTICLE_FORMATS, EVENT_TYPES, EXTRACTOR_BACKENDS, FALLBACK_REASONS, SCHEMA_BASE_URL, SCHEMA_VERSION };

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'YYYY, YYYY-MM or YYYY-MM-DD');
const isoTimestamp = z.iso.datetime({ offset: true });

export const DateRefSchema = z
  .object({
    date: isoDate.describe('YYYY-MM-DD, YYYY-MM or YYYY, matching precision'),
    precision: z.enum(['day', 'month', 'year']),
    basis: z
      .enum(['explicit', 'relative', 'metadata', 'received'])
      .describe(
        'explicit: a full date written in the text; relative: resolved against a known date; metadata: supplied with the article; received: only the time it arrived',
      ),
    ambiguous: z.array(isoDate).min(2).optional().describe('every reading when the text allows several (09/05/2016)'),
  })
  .meta({ id: 'DateRef', title: 'DateRef' });

export const PlaceSchema = z
  .object({
    name: z.string().min(1),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2'),
    geonameId: z.number().int().positive().optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
  })
  .meta({ id: 'Place', title: 'Place' });

export const ActorKindSchema = z.enum(['state', 'armed-group', 'organisation', 'coalition']);

export const ActorSchema = z
  .object({
    id: z
      .string()
      .regex(/^([A-Z]{2}|[a-z0-9]+(-[a-z0-9]+)*)$/, 'ISO 3166-1 alpha-2 for states, a lowercase slug otherwise'),
    name: z.string().min(1),
    kind: ActorKindSchema,
  })
  .meta({ id: 'Actor', title: 'Actor' });

export const EventTypeSchema = z.enum(EVENT_TYPES);

export const ArticleSchema = z
  .object({
    id: z.string().regex(/^[a-f0-9]{16,64}$/).describe('hash of the normalised text'),
    key: z.string().min(1).describe('where the article came from: object key or file path, with #n for feed items'),
    format: z.enum(ARTICLE_FORMATS),
    title: z.string(),
    body: z.string(),
    url: z.string().optional(),
    publisher: z.string().optional(),
    byline: z.string().optional(),
    section: z.string().optional().describe("the publisher's section or categories, as given (Opinion; World, Africa)"),
    publishedAt: DateRefSchema.optional(),
    language: z.string().min(2).describe('BCP 47 primary language tag'),
    receivedAt: isoTimestamp,
  })
  .meta({ id: 'Article', title: 'Article' });

export const PersonSchema = z.object({
  name: z.string().min(1),
  role: z.string().optional(),
  actor: z.string().optional().describe('id of the Actor the person speaks for'),
});

export const EvidenceSchema = z.object({
  articleId: z.string(),
  quote: z.string().min(1),
  start: z.number().int().nonnegative().optional().describe('offset of the quote in the article body'),
  end: z.number().int().nonnegative().optional(),
});

export const BackgroundSchema = z.object({
  articleId: z.string(),
  type: EventTypeSchema,
  date: isoDate.describe('when the recalled development happened, as precisely as the text says'),
  quote: z.string().min(1),
});

export const TermSchema = z.object({
  articleId: z.string(),
  quote: z.string().min(1),
});

export const SourceSchema = z.object({
  articleId: z.string(),
  title: z.string(),
  url: z.string().optional(),
  publisher: z.string().optional(),
  publishedAt: z.string().optional().describe('date of the article, YYYY-MM-DD when known'),
});

/**
 * Added in contract v1 as an optional field (adding fields needs no new schema version, and event ids
 * hash the version, so bumping it would change every id subscribers hold).
 */
export const ExtractorSchema = z
  .object({
    backend: z.enum(EXTRACTOR_BACKENDS).describe('the extractor that read the article'),
    model: z.string().min(1).optional().describe('Bedrock model or inference profile id (bedrock only)'),
    promptVersion: z.string().min(1).optional().describe('version of the system prompt (bedrock only)'),
    fallback: z
      .enum(FALLBACK_REASONS)
      .optional()
      .describe('set when the stage extracts with Bedrock but the rules read this article, and why'),
  })
  .meta({ id: 'Extractor', title: 'Extractor' });

export const CeasefireEventSchema = z
  .object({
    id: z.string().regex(/^[a-f0-9]{16,64}$/).describe('stable content id from type, theatre, date and parties'),
    schemaVersion: z.literal(SCHEMA_VERSION),
    type: EventTypeSchema,
    headline: z.string().min(1),
    summary: z.string().min(1).describe('1-3 sentences taken from the evidence'),
    occurred: DateRefSchema,
    effective: DateRefSchema.optional(),
    ends: DateRefSchema.optional(),
    theatre: z.object({
      country: z.string().regex(/^[A-Z]{2}$/),
      areas: z.array(PlaceSchema),
    }),
    venue: PlaceSchema.optional(),
    parties: z.array(ActorSchema),
    mediators: z.array(ActorSchema),
    excluded: z.array(ActorSchema),
    people: z.array(PersonSchema),
    codes: z.object({ cameo: z.string().optional(), plover: z.string().optional() }),
    evidence: z.array(EvidenceSchema).min(1),
    background: z
      .array(BackgroundSchema)
      .optional()
      .describe('earlier developments an article recalls as context for this one (past perfect, "since", an older date): not feed items of their own'),
    terms: z
      .array(TermSchema)
      .optional()
      .describe('terms of the deal as an article states them (aid to enter, releases to come, monitoring, a possible extension): part of the agreement, not developments'),
    sources: z.array(SourceSchema).min(1),
    confidence: z.number().min(0).max(1),
    extractor: ExtractorSchema.optional().describe(
      'who read the report the headline comes from; absent on events stored before it was recorded',
    ),
    firstReportedAt: isoTimestamp,
    updatedAt: isoTimestamp,
  })
  .meta({ id: 'CeasefireEvent', title: 'CeasefireEvent' });

export type DateRef = z.infer<typeof DateRefSchema>;
export type Place = z.infer<typeof PlaceSchema>;
export type Actor = z.infer<typeof ActorSchema>;
export type ActorKind = z.infer<typeof ActorKindSchema>;
export type EventType = z.infer<typeof EventTypeSchema>;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];
export type Article = z.infer<typeof ArticleSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type Background = z.infer<typeof BackgroundSchema>;
export type Term = z.infer<typeof TermSchema>;
export type CeasefireEvent = z.infer<typeof CeasefireEventSchema>;
export type ExtractorInfo = z.infer<typeof ExtractorSchema>;
export type ExtractorBackend = ExtractorInfo['backend'];
export type FallbackReason = NonNullable<ExtractorInfo['fallback']>;

/**
 * What the Bedrock extractor asks a model for: the input of its one tool. Built from the event
 * schema's own parts, so its JSON Schema shares DateRef with `ceasefire-event.schema.json`. Ids,
 * codes, headline, summary, confidence, sources and timestamps are never the model's to give: the
 * extractor derives them from what it has verified against the article.
 */
export const ExtractionToolInputSchema = z
  .object({
    events: z
      .array(
        CeasefireEventSchema.pick({ type: true, occurred: true, effective: true, ends: true }).extend({
          theatre: z.object({
            country: z.string().regex(/^[A-Z]{2}$/).describe('ISO 3166-1 alpha-2 code of the country where the fighting and the truce are'),
            areas: z.array(PlaceSchema.pick({ name: true, country: true })).describe('places in the theatre the truce covers, named in the article'),
          }),
          venue: PlaceSchema.pick({ name: true, country: true }).optional().describe('where talks were held or the deal announced'),
          parties: z.array(ActorSchema.pick({ name: true, kind: true })).describe('sides that fight and negotiate or agree'),
          mediators: z.array(ActorSchema.pick({ name: true, kind: true })).describe('those who host, broker or announce for others'),
          excluded: z.array(ActorSchema.pick({ name: true, kind: true })).describe('groups the truce leaves out'),
          people: z
            .array(
              PersonSchema.pick({ name: true, role: true }).extend({
                actor: z.string().min(1).optional().describe('name of the state or group the person speaks for'),
              }),
            )
            .describe('named officials, as the article names them'),
          evidence: z
            .array(z.string().min(1))
            .min(1)
            .describe('sentences copied character for character from the article that report this development'),
        }),
      )
      .describe('the developments the article reports as news; empty when it reports none'),
  })
  .meta({ title: 'ExtractionToolInput', description: 'The developments one article reports (see docs/extraction.md)' });

export type ExtractionToolInput = z.infer<typeof ExtractionToolInputSchema>;
export type ModelEvent = ExtractionToolInput['events'][number];

/** The schemas published as JSON Schema files, by file stem. */
export const PUBLISHED_SCHEMAS = {
  'ceasefire-event': CeasefireEventSchema,
  article: ArticleSchema,
  actor: ActorSchema,
  place: PlaceSchema,
  'date-ref': DateRefSchema,
  extractor: ExtractorSchema,
  'extraction-tool-input': ExtractionToolInputSchema,
} as const;
