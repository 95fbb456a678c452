/**
 * What the RSS and Atom documents carry that the `feed` package cannot write (rss-atom.ts), added
 * to its output as XML: the document is parsed into the ordered element tree of xml-js (the
 * library `feed` writes with), elements and attributes are added to the tree, and xml-js writes it
 * back. The parse keeps the whitespace between elements, so all that `feed` wrote comes back byte
 * for byte, and the additions are indented like their neighbours.
 *
 * - both formats: the GeoRSS namespace; on archive pages the RFC 5005 namespace and `<fh:archive/>`;
 *   the RFC 5005 links (`prev-archive`, `next-archive`, `current`) after feed's own links;
 * - Atom only (`feed` ignores extensions there): `xml:lang`, the media types of the feed's
 *   `alternate` and `self` links, each entry's link as `rel="alternate" type="text/html"`, and each
 *   entry's GeoRSS point and place name.
 *
 * Text and attribute values in the tree are kept as xml-js must be given them (escape.ts): the
 * parse prepares what it reads, and every value added here is prepared the same way.
 */
import { js2xml, xml2js, type Element } from 'xml-js';
import { xmlJsAttribute, xmlJsText } from './escape.ts';

export const GEORSS_NS = 'http://www.georss.org/georss';
export const FH_NS = 'http://purl.org/syndication/history/1.0';

export interface RelLink {
  rel: string;
  href: string;
}

/** RFC 5005 paging of one document. */
export interface Paging {
  /** `prev-archive`, `next-archive` and `current` links, in that document's format. */
  links: readonly RelLink[];
  /** An archive page (`<fh:archive/>`), not the current document. */
  archived: boolean;
}

/** A GeoRSS point ("lat lon") and the name of the place it marks. */
export interface GeoRss {
  point: string;
  name: string;
}

/** Adds to an RSS 2.0 document written by `feed` what it cannot write. */
export function extendRss(xml: string, paging: Paging): string {
  const doc = parse(xml);
  const rss = rootOf(doc, 'rss');
  declareNamespaces(rss, paging);
  const channel = only(childrenOf(rss, 'channel'), 'rss > channel');
  addPaging(channel, 'atom:link', paging, 'application/rss+xml');
  return write(doc);
}

/**
 * Adds to an Atom 1.0 document written by `feed` what it cannot write. `geo` has one entry per
 * `<entry>`, in document order (the order the items were given to `feed`).
 */
export function extendAtom(xml: string, paging: Paging, geo: readonly (GeoRss | undefined)[]): string {
  const doc = parse(xml);
  const feed = rootOf(doc, 'feed');
  declareNamespaces(feed, paging);
  feed.attributes!['xml:lang'] = 'en';
  for (const link of childrenOf(feed, 'link')) {
    const rel = link.attributes?.rel;
    if (rel === 'alternate') link.attributes = { rel, type: 'text/html', ...link.attributes };
    if (rel === 'self') link.attributes = { rel, type: 'application/atom+xml', ...link.attributes };
  }
  addPaging(feed, 'link', paging, 'application/atom+xml');
  const entries = childrenOf(feed, 'entry');
  if (entries.length !== geo.length) throw new Error(`extendAtom: ${entries.length} entries, ${geo.length} GeoRSS places`);
  entries.forEach((entry, i) => {
    const link = only(childrenOf(entry, 'link'), 'entry > link');
    link.attributes = { rel: 'alternate', type: 'text/html', ...link.attributes };
    const place = geo[i];
    if (place) insertAfter(entry, lastChild(entry), [element('georss:point', {}, place.point), element('georss:featurename', {}, place.name)]);
  });
  return write(doc);
}

function declareNamespaces(root: Element, paging: Paging): void {
  root.attributes = { ...root.attributes, 'xmlns:georss': GEORSS_NS, ...(paging.archived ? { 'xmlns:fh': FH_NS } : {}) };
}

/** The RFC 5005 links after the last of feed's links (`linkName` elements), then `<fh:archive/>`. */
function addPaging(parent: Element, linkName: string, paging: Paging, type: string): void {
  const added = paging.links.map((l) => element(linkName, { rel: l.rel, type, href: l.href }));
  if (paging.archived) added.push(element('fh:archive'));
  if (added.length) insertAfter(parent, childrenOf(parent, linkName).at(-1) ?? unexpected(`no <${linkName}> in <${parent.name}>`), added);
}

// ---------------------------------------------------------------- the xml-js element tree

const PARSE = {
  compact: false,
  captureSpacesBetweenElements: true,
  // The parser decodes text and attribute values; written back as they are, xml-js would escape them
  // too little (escape.ts), so they are prepared for it again as they are read.
  textFn: (text: string) => xmlJsText(text),
  attributeValueFn: (value: string) => xmlJsAttribute(value),
};

function parse(xml: string): Element {
  return xml2js(xml, PARSE) as Element;
}

function write(doc: Element): string {
  return js2xml(doc, { compact: false });
}

/** A new element; attribute values and text are prepared for xml-js here. */
function element(name: string, attributes: Record<string, string> = {}, text?: string): Element {
  const node: Element = { type: 'element', name };
  const names = Object.keys(attributes);
  if (names.length) node.attributes = Object.fromEntries(names.map((n) => [n, xmlJsAttribute(attributes[n]!)]));
  if (text !== undefined) node.elements = [{ type: 'text', text: xmlJsText(text) }];
  return node;
}

function rootOf(doc: Element, name: string): Element {
  const root = doc.elements?.find((e) => e.type === 'element');
  return root?.name === name ? root : unexpected(`root <${root?.name}>, expected <${name}>`);
}

function childrenOf(parent: Element, name: string): Element[] {
  return (parent.elements ?? []).filter((e) => e.type === 'element' && e.name === name);
}

function lastChild(parent: Element): Element {
  return (parent.elements ?? []).filter((e) => e.type === 'element').at(-1) ?? unexpected(`empty <${parent.name}>`);
}

function only(elements: Element[], what: string): Element {
  return elements.length === 1 ? elements[0]! : unexpected(`${elements.length} × ${what}`);
}

/** Inserts `added` after `anchor`, a child of `parent`, each on a line of its own indented like `anchor`. */
function insertAfter(parent: Element, anchor: Element, added: Element[]): void {
  const children = parent.elements!;
  const at = children.indexOf(anchor);
  const before = children[at - 1];
  const indent = before?.type === 'text' && typeof before.text === 'string' && !before.text.trim() ? before.text : '';
  children.splice(at + 1, 0, ...added.flatMap((e): Element[] => (indent ? [{ type: 'text', text: indent }, e] : [e])));
}

function unexpected(what: string): never {
  throw new Error(`rss-atom-extras: unexpected output from the feed package: ${what}`);
}
