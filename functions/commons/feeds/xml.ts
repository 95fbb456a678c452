/**
 * A small streaming XML writer for the RSS and Atom documents. It is the only place where XML
 * markup is produced, and every piece of data goes through it as text or as an attribute value:
 *
 * - text content: `&`, `<` and `>` are escaped (escaping `>` too means data can never form `]]>`),
 *   and CR as `&#13;` (a raw CR would be read back as LF);
 * - attribute values: additionally `"`, and tab / LF / CR as character references, so attribute-value
 *   normalisation in the reader gives back exactly the string written;
 * - both first drop the characters XML 1.0 cannot carry (`cleanText`), so no data makes a document
 *   ill-formed;
 * - element, attribute and processing-instruction names come from code, never from data, and are
 *   checked anyway: a bad name throws instead of producing broken markup.
 *
 * No CDATA sections are written: escaped text is what every reader understands, and it has no
 * terminator that data could smuggle in. Output is indented with two spaces, so it is readable and
 * byte-stable (same calls, same bytes).
 */
import { cleanText } from './escape.ts';

type AttributeValue = string | number | boolean | undefined;
export type Attributes = Readonly<Record<string, AttributeValue>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;
const TEXT_SPECIAL = /[&<>\r]/;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text as XML character data (element content). */
export function xmlText(value: string): string {
  const clean = cleanText(value);
  // Chained string replacements are several times faster than one regex with a callback on large,
  // markup-heavy text (escaped HTML content); & must go first.
  if (!TEXT_SPECIAL.test(clean)) return clean;
  const escaped = clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // A raw CR would be read back as LF (XML end-of-line handling); a reference keeps it.
  return escaped.includes('\r') ? escaped.replace(/\r/g, '&#13;') : escaped;
}

const ESCAPED = Symbol('xml-escaped');

/**
 * Text escaped by this module once, to be written several times (the same item content goes into
 * RSS and Atom, and into every feed that lists the development). Only `escapedText` makes one, so
 * the writer still does all the escaping.
 */
export interface EscapedText {
  readonly [ESCAPED]: string;
}
export function escapedText(value: string): EscapedText {
  return { [ESCAPED]: xmlText(value) };
}

/** Text as the content of a double-quoted attribute value. */
export function xmlAttribute(value: string): string {
  const clean = cleanText(value);
  return ATTRIBUTE_SPECIAL.test(clean) ? clean.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!) : clean;
}

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`XmlWriter: invalid XML name ${JSON.stringify(name)}`);
  return name;
}

function attributes(attrs: Attributes | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const name of Object.keys(attrs)) {
    const value = attrs[name];
    if (value === undefined) continue;
    out += ` ${checkName(name)}="${xmlAttribute(String(value))}"`;
  }
  return out;
}

const FRAGMENT = Symbol('xml-fragment');

/**
 * Elements written by an XmlWriter in fragment mode, to be inserted into documents (an item that
 * appears in several feeds is written once). Only `toFragment` makes one.
 */
export interface XmlFragment {
  readonly [FRAGMENT]: string;
  /** Nesting depth it was written for (its indentation). */
  readonly depth: number;
}

export class XmlWriter {
  readonly #parts: string[];
  readonly #open: string[] = [];
  /** Fragment mode: the depth the fragment will be inserted at; undefined for a document. */
  readonly #base: number | undefined;
  #rootWritten = false;

  /** A document writer, or with `fragmentDepth` a writer of elements to insert at that depth. */
  constructor(options: { fragmentDepth?: number } = {}) {
    this.#base = options.fragmentDepth;
    this.#parts = this.#base === undefined ? ['<?xml version="1.0" encoding="utf-8"?>\n'] : [];
  }

  /** A processing instruction before the root element, e.g. xml-stylesheet. Pseudo-attributes are escaped like attributes. */
  instruction(target: string, attrs: Attributes): this {
    if (this.#base !== undefined) throw new Error('XmlWriter: no processing instructions in a fragment');
    if (this.#rootWritten) throw new Error('XmlWriter: processing instructions go before the root element');
    if (checkName(target).toLowerCase() === 'xml') throw new Error('XmlWriter: reserved processing-instruction target');
    const body = attributes(attrs);
    if (body.includes('?>')) throw new Error('XmlWriter: "?>" inside a processing instruction');
    this.#parts.push(`<?${target}${body}?>\n`);
    return this;
  }

  /** Opens an element; close it with `end()`. */
  start(name: string, attrs?: Attributes): this {
    this.#beforeElement();
    this.#parts.push(`${this.#indent()}<${checkName(name)}${attributes(attrs)}>\n`);
    this.#open.push(name);
    return this;
  }

  end(): this {
    const name = this.#open.pop();
    if (name === undefined) throw new Error('XmlWriter: end() without an open element');
    this.#parts.push(`${this.#indent()}</${name}>\n`);
    return this;
  }

  /** `<name attrs>text</name>`, or `<name attrs/>` when text is undefined. */
  element(name: string, text?: string | EscapedText, attrs?: Attributes): this {
    this.#beforeElement();
    const open = `${this.#indent()}<${checkName(name)}${attributes(attrs)}`;
    if (text === undefined) this.#parts.push(`${open}/>\n`);
    else this.#parts.push(`${open}>${typeof text === 'string' ? xmlText(text) : text[ESCAPED]}</${name}>\n`);
    return this;
  }

  /** Inserts a fragment written for the current depth. */
  fragment(fragment: XmlFragment): this {
    if (fragment.depth !== this.#depth()) throw new Error(`XmlWriter: fragment for depth ${fragment.depth} inserted at depth ${this.#depth()}`);
    if (fragment[FRAGMENT]) {
      this.#beforeElement();
      this.#parts.push(fragment[FRAGMENT]);
    }
    return this;
  }

  /** The finished document; throws if an element is still open. */
  toString(): string {
    if (this.#base !== undefined) throw new Error('XmlWriter: a fragment writer makes fragments (toFragment)');
    if (this.#open.length) throw new Error(`XmlWriter: unclosed <${this.#open.join('>, <')}>`);
    if (!this.#rootWritten) throw new Error('XmlWriter: no root element');
    return this.#parts.join('');
  }

  /** The finished fragment; throws if an element is still open. */
  toFragment(): XmlFragment {
    if (this.#base === undefined) throw new Error('XmlWriter: a document writer makes documents (toString)');
    if (this.#open.length) throw new Error(`XmlWriter: unclosed <${this.#open.join('>, <')}>`);
    return { [FRAGMENT]: this.#parts.join(''), depth: this.#base };
  }

  #depth(): number {
    return (this.#base ?? 0) + this.#open.length;
  }

  #beforeElement(): void {
    if (this.#base === undefined && this.#open.length === 0) {
      if (this.#rootWritten) throw new Error('XmlWriter: a document has one root element');
      this.#rootWritten = true;
    }
  }

  #indent(): string {
    return '  '.repeat(this.#depth());
  }
}
