/**
 * What a followed source is: a feed URL (RSS or Atom) with a name, an optional publisher and an optional
 * keyword filter. The zod schema validates every way a source comes in (`sources add`, `sources import`
 * of a YAML list (./yaml-list.ts), the stage's default list in infra/config.ts) with errors that name the field.
 */
import * as z from 'zod';

/** A name is a slug: it appears in inbox keys (inbox/sources/<name>/...) and in commands. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MAX_URL_CHARS = 2048;

/** An absolute http(s) URL without credentials, normalised by the URL parser; undefined for anything else. */
function feedUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return undefined;
  url.hash = '';
  return url.href.length <= MAX_URL_CHARS ? url.href : undefined;
}

export const SourceDefinitionSchema = z.strictObject({
  name: z.string().regex(NAME, 'must be 1-64 lowercase letters, digits and hyphens, such as reuters-world'),
  url: z
    .string()
    .transform((value, ctx) => {
      const url = feedUrl(value);
      if (url) return url;
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL without a user name or password, not '${value.slice(0, 80)}'` });
      return z.NEVER;
    }),
  publisher: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  keywords: z
    .array(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'), 'must be a list of words')
    .max(50, 'must list at most 50 words')
    .optional(),
});
export type SourceDefinition = z.output<typeof SourceDefinitionSchema>;

/** A source list: names and URLs each appear once. */
const SourceListSchema = z.array(SourceDefinitionSchema, 'must be a list of sources (- name: ..., url: ...)').superRefine((list, ctx) => {
  for (const field of ['name', 'url'] as const) {
    const seen = new Map<string, number>();
    list.forEach((source, index) => {
      const first = seen.get(source[field]);
      if (first === undefined) seen.set(source[field], index);
      else ctx.addIssue({ code: 'custom', path: [index, field], message: `is also the ${field} of entry ${first + 1}` });
    });
  }
});

/** A source list or definition that does not validate; the message names each bad field. */
export class SourceDefinitionError extends Error {
  override name = 'SourceDefinitionError';
}

/** `entry 3: url: must be an http(s) URL ...`, one line per issue (entries counted from 1, as people count). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const [first, ...rest] = issue.path;
      const where = typeof first === 'number' ? [`entry ${first + 1}`, rest.join('.')] : [issue.path.join('.')];
      return `${where.filter(Boolean).join(': ')}${where.some(Boolean) ? ': ' : ''}${issue.message}`;
    })
    .join('\n');
}

export function parseSourceDefinition(value: unknown): SourceDefinition {
  const result = SourceDefinitionSchema.safeParse(value);
  if (!result.success) throw new SourceDefinitionError(describeIssues(result.error));
  return result.data;
}

/** Validates a list; `where` names it in the message (a file, a setting). */
export function parseSourceList(value: unknown, where: string): SourceDefinition[] {
  const result = SourceListSchema.safeParse(value);
  if (!result.success) throw new SourceDefinitionError(`${where} is not a valid source list:\n${describeIssues(result.error)}`);
  return result.data;
}

/** A name for a feed URL when none is given: its host (without www.) and path, as a slug. */
export function defaultSourceName(url: string): string {
  const parsed = new URL(url);
  const words = `${parsed.hostname.replace(/^www\./, '')} ${parsed.pathname}`
    .toLowerCase()
    .replace(/\.(?:xml|rss|atom|php|aspx?)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 64).replace(/-+$/, '') || 'source';
}

/** `--keywords a, b,c` as a list: trimmed, without repeats (case-insensitively). */
export function keywordList(text: string): string[] {
  const words = text.split(',').map((word) => word.trim()).filter(Boolean);
  return words.filter((word, index) => words.findIndex((other) => other.toLowerCase() === word.toLowerCase()) === index);
}

/**
 * Whether an item passes a source's keyword filter: some keyword starts a word of its title or text
 * (case-insensitively, so 'ceasefire' also matches 'Ceasefires'). No keywords let everything pass.
 */
export function matchesKeywords(keywords: readonly string[] | undefined, text: string): boolean {
  if (!keywords?.length) return true;
  const escaped = keywords.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'iu').test(text);
}
