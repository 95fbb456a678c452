/**
 * What the RSS and Atom documents carry that the `feed` package cannot write (rss-atom.ts), added
 * to its output as XML: htmlparser2, in the XML mode it has for feeds, parses the document into a
 * DOM (domhandler), elements and attributes are added to the DOM, and dom-serializer writes it back.
 *
 * - both formats: the `<?xml-stylesheet type="text/css"?>` instruction (feed.css: `feed` writes only
 *   XSLT ones); the GeoRSS namespace; on archive pages the RFC 5005 namespace and `<fh:archive/>`;
 *   the RFC 5005 links (`prev-archive`, `next-archive`, `current`) after feed's own links;
 * - Atom only (`feed` ignores extensions there): `xml:lang`, the Dublin Core namespace, the media
 *   types of the feed's `alternate` and `self` links, each entry's link as `rel="alternate"
 *   type="text/html"`, and each entry's GeoRSS point and place name and `dc:coverage`.
 *
 * Entities are neither decoded when read nor encoded when written, so text and attribute values
 * stay as `feed` escaped them and its output comes back byte for byte (CDATA sections and the
 * whitespace between elements included); what is added here is escaped before it goes in
 * (`xmlEscaped`), and indented like its neighbours.
 */
import { Element, ProcessingInstruction, Text, type ChildNode, type Document, type ParentNode } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { xmlEscaped } from './escape.ts';

export const GEORSS_NS = 'http://www.georss.org/georss';
export const FH_NS = 'http://purl.org/syndication/history/1.0';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';

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

/** What an Atom entry carries beyond what `feed` writes. */
export interface EntryExtras {
  geo?: GeoRss;
  /** `dc:coverage`: when and where, for people. */
  coverage: string;
}

/**
 * Adds to an RSS 2.0 document written by `feed` what it cannot write, and takes out the
 * `<lastBuildDate>` it always writes when `lastBuildDate` is false (there is no date to give; the
 * element is optional).
 */
export function extendRss(xml: string, stylesheet: string, paging: Paging, options: { lastBuildDate: boolean } = { lastBuildDate: true }): string {
  const doc = parse(xml);
  const rss = rootOf(doc, 'rss');
  addStylesheet(doc, stylesheet);
  declareNamespaces(rss, paging);
  const channel = only(childrenOf(rss, 'channel'), 'rss > channel');
  addPaging(channel, 'atom:link', paging, 'application/rss+xml');
  if (!options.lastBuildDate) remove(only(childrenOf(channel, 'lastBuildDate'), 'channel > lastBuildDate'));
  return write(doc);
}

/**
 * Adds to an Atom 1.0 document written by `feed` what it cannot write. `extras` has one entry per
 * `<entry>`, in document order (the order the items were given to `feed`).
 */
export function extendAtom(xml: string, stylesheet: string, paging: Paging, extras: readonly EntryExtras[]): string {
  const doc = parse(xml);
  const feed = rootOf(doc, 'feed');
  addStylesheet(doc, stylesheet);
  declareNamespaces(feed, paging);
  feed.attribs['xmlns:dc'] = DC_NS;
  feed.attribs['xml:lang'] = 'en';
  for (const link of childrenOf(feed, 'link')) {
    const rel = link.attribs.rel;
    if (rel === 'alternate') link.attribs = { rel, type: 'text/html', ...link.attribs };
    if (rel === 'self') link.attribs = { rel, type: 'application/atom+xml', ...link.attribs };
  }
  addPaging(feed, 'link', paging, 'application/atom+xml');
  const entries = childrenOf(feed, 'entry');
  if (entries.length !== extras.length) throw new Error(`extendAtom: ${entries.length} entries, ${extras.length} entry extras`);
  entries.forEach((entry, i) => {
    const link = only(childrenOf(entry, 'link'), 'entry > link');
    link.attribs = { rel: 'alternate', type: 'text/html', ...link.attribs };
    const { geo, coverage } = extras[i]!;
    const added = geo ? [element('georss:point', {}, geo.point), element('georss:featureName', {}, geo.name)] : [];
    insertAfter(lastChild(entry), [...added, element('dc:coverage', {}, coverage)]);
  });
  return write(doc);
}

/**
 * The instruction that styles the document with `href` (feed.css) when a browser shows it, right
 * after the XML declaration (in place of one already there). `feed` writes none (rss-atom.ts passes
 * it no `stylesheet`); replacing keeps extending an extended document a no-op, which the tests check.
 */
function addStylesheet(doc: Document, href: string): void {
  const [declaration, next] = doc.children;
  if (!(declaration instanceof ProcessingInstruction) || declaration.name !== '?xml') unexpected('no XML declaration first');
  const data = `?xml-stylesheet href="${xmlEscaped(href)}" type="text/css"?`;
  if (next instanceof ProcessingInstruction && next.name === '?xml-stylesheet') next.data = data;
  else DomUtils.append(declaration, new ProcessingInstruction('?xml-stylesheet', data));
}

function declareNamespaces(root: Element, paging: Paging): void {
  root.attribs = { ...root.attribs, 'xmlns:georss': GEORSS_NS, ...(paging.archived ? { 'xmlns:fh': FH_NS } : {}) };
}

/** The RFC 5005 links after the last of feed's links (`linkName` elements), then `<fh:archive/>`. */
function addPaging(parent: Element, linkName: string, paging: Paging, type: string): void {
  const added = paging.links.map((l) => element(linkName, { rel: l.rel, type, href: l.href }));
  if (paging.archived) added.push(element('fh:archive'));
  if (added.length) insertAfter(childrenOf(parent, linkName).at(-1) ?? unexpected(`no <${linkName}> in <${parent.name}>`), added);
}

// ---------------------------------------------------------------- the DOM

/** XML mode, and text and attribute values kept as written (escaped). */
const XML = { xmlMode: true, decodeEntities: false } as const;

function parse(xml: string): Document {
  return parseDocument(xml, XML);
}

function write(doc: Document): string {
  return DomUtils.getOuterHTML(doc, XML);
}

/** A new element; its attribute values and text are escaped here, as the DOM holds them. */
function element(name: string, attributes: Record<string, string> = {}, text?: string): Element {
  const attribs = Object.fromEntries(Object.entries(attributes).map(([n, v]) => [n, xmlEscaped(v)]));
  const node = new Element(name, attribs, text === undefined ? [] : [new Text(xmlEscaped(text))]);
  for (const child of node.children) child.parent = node;
  return node;
}

function rootOf(doc: Document, name: string): Element {
  const root = doc.children.find(DomUtils.isTag);
  return root?.name === name ? root : unexpected(`root <${root?.name}>, expected <${name}>`);
}

function childrenOf(parent: ParentNode, name: string): Element[] {
  return parent.children.filter((n): n is Element => DomUtils.isTag(n) && n.name === name);
}

function lastChild(parent: Element): Element {
  return parent.children.filter(DomUtils.isTag).at(-1) ?? unexpected(`empty <${parent.name}>`);
}

function only(elements: Element[], what: string): Element {
  return elements.length === 1 ? elements[0]! : unexpected(`${elements.length} × ${what}`);
}

/** Inserts `added` after `anchor`, each on a line of its own indented like `anchor`. */
function insertAfter(anchor: Element, added: Element[]): void {
  const before = anchor.prev;
  const indent = before && DomUtils.isText(before) && !before.data.trim() ? before.data : '';
  let last: ChildNode = anchor;
  for (const node of added) {
    for (const next of indent ? [new Text(indent), node] : [node]) {
      DomUtils.append(last, next);
      last = next;
    }
  }
}

/** Removes `node` and the indentation before it. */
function remove(node: Element): void {
  const before = node.prev;
  if (before && DomUtils.isText(before) && !before.data.trim()) DomUtils.removeElement(before);
  DomUtils.removeElement(node);
}

function unexpected(what: string): never {
  throw new Error(`rss-atom-extras: unexpected output from the feed package: ${what}`);
}
