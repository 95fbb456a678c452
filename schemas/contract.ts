/**
 * The contract's constants, apart from the zod schemas so that run-time code (extractor, feeds,
 * store) can use them without loading zod.
 */
export const SCHEMA_VERSION = '1';
export const SCHEMA_BASE_URL = 'https://ceasefire-feed.dev/schemas/v1/';

export const EVENT_TYPES = [
  'talks',
  'proposal',
  'agreement',
  'implementation',
  'extension',
  'violation',
  'breakdown',
  'collapse',
  'humanitarian',
] as const;

export const ARTICLE_FORMATS = ['text', 'markdown', 'html', 'json', 'feed'] as const;
