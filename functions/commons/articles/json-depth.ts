/**
 * The nesting depth of a JSON text by a linear scan, so that a deeply nested document is refused before
 * JSON.parse recurses into it. Its own module: sniffing uses it on every object, and needs none of the
 * JSON reader's markup conversion (linkedom), which loads only when a JSON file is read.
 */

/** Deepest array/object nesting in a JSON text (strings skipped), stopping early once past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}
