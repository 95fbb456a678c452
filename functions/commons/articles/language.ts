/**
 * The article language as a primary BCP 47 subtag ('en', 'pt'): the language whose function words
 * ("the", "de", "и") make up the largest share of the text, when that is clear; otherwise the declared
 * language (html lang, feed language, front matter); otherwise English. The text wins over a declaration
 * because pages often declare their site's language rather than the article's (an English story on a
 * site whose template says lang="es"), and the extractor needs the language the text is written in.
 * A text long enough to tell that is in none of the languages listed here (Polish, Chinese) is 'und'
 * (undetermined), unless a language without a list is declared: never English by default.
 * This covers the languages news about our theatres is written in with a few kilobytes of data, where
 * trigram detection (franc-min) would cost 170 KB of the Lambda bundle.
 */
import languages from '#commons/articles/data/languages.json' with { type: 'json' };

const TO_ISO1: Record<string, string> = languages.iso639_3to1;
const WORDS = /[\p{L}']+/gu;
const LETTERS = /\p{L}/gu;
const FUNCTION_WORDS = new Map<string, string[]>();
for (const [language, words] of Object.entries(languages.functionWords)) {
  for (const word of words) FUNCTION_WORDS.set(word, [...(FUNCTION_WORDS.get(word) ?? []), language]);
}

/** Default when the text is unclear and nothing is declared. */
const DEFAULT_LANGUAGE = 'en';
/** BCP 47 for a language that cannot be determined. */
const UNDETERMINED = 'und';

/** The primary language subtag of a declared tag ('en-GB', 'pt_PT', 'eng'), or undefined if it is not one. */
export function languageFromTag(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return undefined;
  const match = /^\s*([A-Za-z]{2,3})(?:[-_]|\s*$)/.exec(tag);
  if (!match) return undefined;
  const primary = match[1]!.toLowerCase();
  if (primary === 'und' || primary === 'mul' || primary === 'zxx' || primary === 'mis') return undefined;
  return TO_ISO1[primary] ?? primary;
}

/**
 * The language of a text (title and body apart, so no long string is copied): the language of the
 * largest share of its words; 'und' when it is long enough to tell and in none of the languages listed;
 * undefined when it is too short or unclear.
 */
export function textLanguage(title: string, body = ''): string | undefined {
  const sample = `${title}\n${body.slice(0, 1500)}`;
  if (sample.length < languages.minDetectChars) return undefined;
  const words = sample.toLowerCase().match(WORDS) ?? [];
  if (words.length === 0) return undefined;
  const hits = new Map<string, number>();
  for (const word of words) for (const language of FUNCTION_WORDS.get(word) ?? []) hits.set(language, (hits.get(language) ?? 0) + 1);
  let best: [string | undefined, number] = [undefined, 0];
  for (const entry of hits) if (entry[1] > best[1]) best = entry;
  const share = best[1] / words.length;
  if (share >= languages.functionWordShare) return best[0];
  const letters = sample.match(LETTERS)?.length ?? 0;
  return share < languages.undeterminedShare && letters >= languages.undeterminedMinLetters ? UNDETERMINED : undefined;
}

/**
 * The article's language: its text's when clear, else the declared tag's, else English. A text in none
 * of the listed languages is 'und', unless the declared language is one without a list (then it is that).
 */
export function articleLanguage(declared: unknown, title: string, body: string): string {
  const text = textLanguage(title, body);
  const tag = languageFromTag(declared);
  if (text === UNDETERMINED) return tag !== undefined && !(tag in languages.functionWords) ? tag : UNDETERMINED;
  return text ?? tag ?? DEFAULT_LANGUAGE;
}

let names: Intl.DisplayNames | undefined;

/** A language for people: 'French (fr)', 'an unrecognised language (und)', or the bare code when it has no English name. */
export function describeLanguage(code: string): string {
  if (code === UNDETERMINED) return `an unrecognised language (${code})`;
  const name = (names ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })).of(code);
  return name ? `${name} (${code})` : code;
}
