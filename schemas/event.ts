/**
 * The event schema, contract v1: the single source of truth for every shape that crosses a module
 * or leaves the product (CLI JSON, the JSON Feed's `_ceasefire`, the store). Field names are the
 * contract; adding fields is fine, renaming one needs a new schema version.
 * `npm run schemas` writes the JSON Schema files in `schemas/json/` from these definitions.
 */
import * as z from 'zod';
import { ARTICLE_FORMATS, EVENT_TYPES, SCHEMA_BASE_URL, SCHEMA_VERSION } from './contract.ts';

export { ARTICLE_FORMATS, EVENT_TYPES, SCHEMA_BASE_URL, SCHEMA_VERSION };

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

export const SourceSchema = z.object({
  articleId: z.string(),
  title: z.string(),
  url: z.string().optional(),
  publisher: z.string().optional(),
  publishedAt: z.string().optional().describe('date of the article, YYYY-MM-DD when known'),
});

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
    sources: z.array(SourceSchema).min(1),
    confidence: z.number().min(0).max(1),
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
export type CeasefireEvent = z.infer<typeof CeasefireEventSchema>;

/** The schemas published as JSON Schema files, by file stem. */
export const PUBLISHED_SCHEMAS = {
  'ceasefire-event': CeasefireEventSchema,
  article: ArticleSchema,
  actor: ActorSchema,
  place: PlaceSchema,
  'date-ref': DateRefSchema,
} as const;
