/**
 * Readers and validators the feed tests run the rendered documents through: the three npm feed
 * parsers a subscriber's tooling is likely to use, a strict XML 1.0 + namespaces parser (saxes), and
 * xmllint when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import Parser from 'rss-parser';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { RenderedFile } from '#commons/feeds/render.ts';

export const BASE = 'https://feeds.example.org';

export const body = (files: Map<string, RenderedFile>, key: string): string => {
  const file = files.get(key);
  if (!file) throw new Error(`missing ${key}; have ${[...files.keys()].slice(0, 40).join(', ')}…`);
  return file.body;
};
export const json = (files: Map<string, RenderedFile>, key: string) => JSON.parse(body(files, key)) as Record<string, any>;

/** One item as a parser reports it, reduced to what the parsers must agree on. */
export interface ParsedItem {
  id: string;
  title: string;
  link: string;
}

export interface ParsedFeed {
  title: string;
  items: ParsedItem[];
}

const rssParser = new Parser();

export async function withRssParser(xml: string): Promise<ParsedFeed> {
  const feed = await rssParser.parseString(xml);
  return {
    title: feed.title ?? '',
    items: feed.items.map((i) => ({ id: i.guid ?? (i as { id?: string }).id ?? '', title: i.title ?? '', link: i.link ?? '' })),
  };
}

interface FeedParserItem {
  guid: string;
  title: string;
  link: string;
  [key: string]: unknown;
}
interface FeedParserStream extends NodeJS.WritableStream {
  read(): FeedParserItem | null;
  on(event: string, listener: (...args: never[]) => void): this;
}
type FeedParserCtor = new (options?: Record<string, unknown>) => FeedParserStream;
const FeedParser = createRequire(import.meta.url)('feedparser') as FeedParserCtor;

/** npm feedparser (a streaming parser, namespace-aware); resolves with the meta and the raw items. */
export function withFeedparser(xml: string): Promise<ParsedFeed & { raw: FeedParserItem[]; meta: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ normalize: true, addmeta: false });
    const raw: FeedParserItem[] = [];
    let meta: Record<string, unknown> = {};
    parser.on('error', reject);
    parser.on('meta', (m: Record<string, unknown>) => (meta = m));
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) raw.push(item);
    });
    parser.on('end', () =>
      resolve({ title: String(meta.title ?? ''), items: raw.map((i) => ({ id: i.guid, title: i.title, link: i.link })), raw, meta }),
    );
    Readable.from([xml]).pipe(parser);
  });
}

/** @extractus/feed-extractor (normalises links: it drops the #fragment). */
export function withFeedExtractor(document: string, format: 'xml' | 'json'): ParsedFeed {
  const options = { descriptionMaxLen: 0 };
  const feed = format === 'xml' ? extractFromXml(document, options) : extractFromJson(document, options);
  return {
    title: feed.title ?? '',
    items: (feed.entries ?? []).map((e) => ({ id: e.id, title: e.title ?? '', link: e.link ?? '' })),
  };
}

/**
 * Strict XML 1.0 well-formedness with namespaces (saxes): throws with the first error. Fails on
 * anything xmllint would reject for these documents (unbalanced tags, bad characters, undeclared
 * prefixes, a second root), so the suite catches it on machines without xmllint.
 */
export function assertWellFormed(xml: string, name = 'document'): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw new Error(`${name} is not well-formed XML: ${(error as Error).message}`);
  }
}

export const XMLLINT_MISSING =
  'xmllint is not installed (the saxes well-formedness checks still run); ' +
  'install it with: apt-get update && apt-get install -y libxml2-utils';

export function hasXmllint(): boolean {
  return !spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error;
}

/** xmllint --noout over a document (stdin); returns its complaints, '' when well-formed. */
export function xmllint(xml: string): string {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0 ? '' : `${run.stderr || run.stdout}`.trim() || `exit ${run.status}`;
}

/** An element of a minimal namespace-aware DOM (enough to check structure); text includes CDATA. */
export interface XmlNode {
  uri: string;
  local: string;
  /** By local name, or `{namespace URI}local` for attributes in a namespace (xml:lang). */
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** The root element of a document, parsed by saxes (strict XML 1.0 with namespaces: throws if not well-formed). */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) attributes[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
    const node: XmlNode = { uri: tag.uri, local: tag.local, attributes, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  const addText = (t: string) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root!;
}
/** Child elements by local name and namespace (by default the parent's). */
export const kids = (node: XmlNode, local: string, uri = node.uri) => node.children.filter((c) => c.local === local && c.uri === uri);
export const kid = (node: XmlNode, local: string, uri = node.uri): XmlNode | undefined => kids(node, local, uri)[0];
