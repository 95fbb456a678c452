/**
 * Plain-text articles: the first real line is the headline, the rest the body. Site chrome is removed
 * (see chrome.ts); section labels before the headline are dropped; dates, bylines and credits before
 * the headline stay in the body (the extractor reads dates there) but never become the headline.
 * A "By X" line gives the byline. Cheap by design: a few compiled regular expressions per line.
 */
import type { Draft } from '#commons/articles/types.ts';
import { isCutLine, isDropLine, isHeadLabel, isNotTitle, isTitleLike, parseByline } from '#commons/articles/chrome.ts';
import { normaliseText } from '#commons/articles/normalise.ts';

/** How many non-empty lines from the top are searched for the headline and the byline. */
const HEAD_LINES = 12;

/** Reads a decoded plain-text article. */
export function readText(text: string): Draft {
  const lines = normaliseText(text).split('\n');
  const keep = lines.map((line) => line !== '' && !isDropLine(line));

  // A boilerplate tail ("Related News" and the links after it) in the last half goes entirely.
  const nonEmpty = keep.reduce((n, kept) => (kept ? n + 1 : n), 0);
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!keep[i]) continue;
    seen++;
    if (seen > nonEmpty / 2 && isCutLine(lines[i]!)) {
      for (let j = i; j < lines.length; j++) keep[j] = false;
      break;
    }
  }

  const nextKept = (from: number): number => {
    for (let j = from; j < lines.length; j++) if (keep[j] && lines[j] !== '') return j;
    return -1;
  };

  let titleIndex = -1;
  let byline: string | undefined;
  let looked = 0;
  for (let i = nextKept(0); i !== -1 && looked < HEAD_LINES; i = nextKept(i + 1), looked++) {
    const line = lines[i]!;
    if (titleIndex === -1) {
      const next = nextKept(i + 1);
      if (isHeadLabel(line) && next !== -1 && isTitleLike(lines[next]!)) {
        keep[i] = false;
        continue;
      }
    }
    byline ??= parseByline(line);
    if (titleIndex === -1 && !isNotTitle(line)) titleIndex = i;
  }

  const title = titleIndex === -1 ? '' : lines[titleIndex]!;
  if (titleIndex !== -1) keep[titleIndex] = false;
  // Lines are already normalised; removed lines vanish and blank runs collapse to one blank line.
  const bodyLines: string[] = [];
  let blank = false;
  for (let i = 0; i < lines.length; i++) {
    if (keep[i]) {
      if (blank && bodyLines.length > 0) bodyLines.push('');
      bodyLines.push(lines[i]!);
      blank = false;
    } else if (lines[i] === '') {
      blank = true;
    }
  }
  return { title, body: bodyLines.join('\n'), normalised: true, ...(byline ? { byline } : {}) };
}
