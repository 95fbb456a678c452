/**
 * The YAML list of sources that `sources export` writes and `sources import` reads, which a team keeps
 * under version control. Apart from definition.ts so that the poll function does not bundle a YAML parser.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseSourceList, SourceDefinitionError, type SourceDefinition } from './definition.ts';

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
