/** Hard limits that keep hostile input from costing more than a normal article. */

/** Largest object read at all (checked on the byte length, before decoding). */
export const MAX_BYTES = 5 * 1024 * 1024;

/** Deepest nesting of arrays and objects accepted in a JSON file (an article needs 2). */
export const MAX_JSON_DEPTH = 64;

/** Deepest element nesting accepted in HTML, estimated before parsing (real pages stay under 100). */
export const MAX_MARKUP_DEPTH = 256;

/** Most elements a saved HTML page may have, counted before parsing (real pages have a few thousand). */
export const MAX_HTML_ELEMENTS = 20_000;

/** Most items a feed or JSON array may hold. */
export const MAX_ITEMS = 10_000;

/** Longest title kept; a longer one is cut at a word boundary. */
export const MAX_TITLE_CHARS = 500;

/** Most elements an HTML fragment (feed item, Markdown body) may have before it is converted by tag stripping instead of a DOM. */
export const MAX_FRAGMENT_ELEMENTS = 20_000;

/** Sum of element depths above which Readability is skipped and the whole page text is used (its cost grows with this). */
export const MAX_READABILITY_WORK = 250_000;

/** Pages with less text than this skip Readability, which would retry several times looking for more. */
export const MIN_READABILITY_CHARS = 500;
