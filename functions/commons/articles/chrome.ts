/**
 * Site chrome in plain-text dumps: lines to drop ("Enlarge this image", donation banners, "Join the
 * ... mailing list", separators), boilerplate tails ("Related News"), section labels before the
 * headline, and lines that stay in the body but are never the headline (dates, bylines, photo
 * credits). The patterns are data (data/site-chrome.json); this module compiles them once.
 */
import chrome from '#commons/articles/data/site-chrome.json' with { type: 'json' };

const anyOf = (patterns: string[], flags: string): RegExp => new RegExp(`^(?:${patterns.join('|')})$`, flags);

const DROP = anyOf(chrome.dropLines, 'iu');
const CUT = anyOf(chrome.cutFromLines, 'iu');
const HEAD_LABEL = anyOf(chrome.headLabels, 'iu');
const HEAD_LABEL_CASED = anyOf(chrome.headLabelPatterns, 'u');
const NOT_TITLE = anyOf(chrome.notTitle, 'iu');
const BYLINE = new RegExp(`^${chrome.byline}$`, 'iu');
const CONNECTORS = new Set(chrome.bylineConnectors.map((w) => w.toLowerCase()));

/** A trailing date or time after a byline name ("By Steve Herman September 09, 2016"). */
const TRAILING_DATE =
  /\s*(?:[,|–—-]\s*)?(?:(?:updated|published|posted)\b.*|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}.*|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}.*|\d{1,2}:\d{2}.*)$/iu;

/** A line to remove wherever it occurs. */
export function isDropLine(line: string): boolean {
  return line.length <= 200 && DROP.test(line);
}

/** A boilerplate heading after which the rest of the text is links and teasers. */
export function isCutLine(line: string): boolean {
  return line.length <= 80 && CUT.test(line);
}

/** A lone section label that may precede the headline. */
export function isHeadLabel(line: string): boolean {
  return line.length <= 80 && (HEAD_LABEL.test(line) || HEAD_LABEL_CASED.test(line));
}

/** A line that looks like a headline: short, and not ending like a sentence. */
export function isTitleLike(line: string): boolean {
  return line.length > 0 && line.length <= 250 && !/[.:;,]$/.test(line);
}

/**
 * The name in a byline line ("By Steve Herman September 09, 2016" -> "Steve Herman"), or undefined
 * when the line is not a byline ("By Friday, the truce had collapsed.").
 */
export function parseByline(line: string): string | undefined {
  if (line.length > 160) return undefined;
  const match = BYLINE.exec(line);
  if (!match?.[1]) return undefined;
  let name = match[1].replace(TRAILING_DATE, '');
  name = name.split(/\s+[|•·]\s+/)[0]!.replace(/[\s,;:–—-]+$/u, '').trim();
  if (name.length < 2 || name.length > 100 || /[.!?]$/.test(name) && !/\b\p{Lu}\.$/u.test(name)) return undefined;
  const words = name.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0 || words.length > 10) return undefined;
  const properName = words.every((word) => /^[\p{Lu}\p{Lt}]/u.test(word) || CONNECTORS.has(word.toLowerCase()));
  return properName && /^[\p{Lu}\p{Lt}]/u.test(words[0]!) ? name : undefined;
}

/** A line that must stay in the body but can never be the title: a date, time, credit or byline. */
export function isNotTitle(line: string): boolean {
  return (line.length <= 160 && NOT_TITLE.test(line)) || parseByline(line) !== undefined;
}
