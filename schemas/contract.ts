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

/** Which extractor read an article: the rule-based one (the default, and the only one offline) or a model on Amazon Bedrock. */
export const EXTRACTOR_BACKENDS = ['rules', 'bedrock'] as const;

/** Why the rules read an article although the stage extracts with Bedrock (docs/extraction.md). */
export const FALLBACK_REASONS = ['daily-cap', 'throttled', 'timeout', 'invalid-output', 'unavailable'] as const;
