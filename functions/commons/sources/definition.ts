/**
 * What a followed source is: a feed URL (RSS or Atom) with a name, an optional publisher and an optional
 * keyword filter. The zod schema validates every way a source comes in (`sources add`, `sources import`
 * of a YAML list, the stage's default list in infra/config.ts) with errors that name the field; the YAML
 * list is what `sources export` writes and a team keeps under version control.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import * as z from 'zod';

/** A name is a slug: it appears in inbox keys (inbox/sources/<name>/...) and in commands. */
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MAX_URL_CHARS = 2048;

/** An absolute http(s) URL without credentials, normalised by the URL parser; undefined for anything else. */
export function feedUrl(value: string): string | undefined {
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
export const SourceListSchema = z.array(SourceDefinitionSchema, 'must be a list of sources (- name: ..., url: ...)').superRefine((list, ctx) => {
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

/** The YAML list `sources import` reads (an empty file is an empty list). */
export function sourcesFromYaml(text: string, where: string): SourceDefinition[] {
  let value: unknown;
  try {
    // The same alias cap as article front matter: a list of sources never needs anchors.
    value = parseYaml(text, { maxAliasCount: 10 });
  } catch (error) {
    throw new SourceDefinitionError(`${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return parseSourceList(value ?? [], where);
}

const YAML_HEADER = `# Sources followed by ceasefire-feed: each is an RSS or Atom feed.
#   name       how commands and inbox keys (inbox/sources/<name>/) refer to it
#   url        the feed's http(s) address
#   publisher  optional: the publisher named on its articles (default: the feed's title)
#   keywords   optional: only items whose title or text contains one of these words
# Load it with: npx ceasefire-feed sources import FILE [--stage S]
`;

/** The YAML list `sources export` writes: definitions only, in name order, stable for version control. */
export function sourcesToYaml(sources: readonly SourceDefinition[]): string {
  const list = [...sources]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, url, publisher, keywords }) => ({ name, url, ...(publisher ? { publisher } : {}), ...(keywords?.length ? { keywords } : {}) }));
  return `${YAML_HEADER}${list.length ? stringifyYaml(list, { lineWidth: 0 }) : '[]\n'}`;
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
