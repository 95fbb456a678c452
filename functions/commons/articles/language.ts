/**
 * The article language as a primary BCP 47 subtag ('en', 'pt'). A declared language (html lang, feed
 * language, front matter) wins; otherwise English is recognised cheaply by its function words, and
 * only other text goes to franc-min (trigram detection, about 1 ms for a 400-character sample).
 */
import { franc } from 'franc-min';
import languages from '#commons/articles/data/languages.json' with { type: 'json' };

const TO_ISO1: Record<string, string> = languages.iso639_3to1;
const STOPWORDS = new RegExp(`\\b(?:${languages.englishStopwords.join('|')})\\b`, 'gi');
const WORDS = /\S+/g;

/** Default when nothing is declared and nothing can be detected. */
export const DEFAULT_LANGUAGE = 'en';

/** The primary language subtag of a declared tag ('en-GB', 'pt_PT', 'eng'), or undefined if it is not one. */
export function languageFromTag(tag: unknown): string | undefined {
  if (typeof tag !== 'string') return undefined;
  const match = /^\s*([A-Za-z]{2,3})(?:[-_]|\s*$)/.exec(tag);
  if (!match) return undefined;
  const primary = match[1]!.toLowerCase();
  if (primary === 'und' || primary === 'mul' || primary === 'zxx' || primary === 'mis') return undefined;
  return TO_ISO1[primary] ?? primary;
}

/** Detects the language of a text (title and body apart, so no long string is copied); 'en' when it is too short or franc is unsure. */
export function detectLanguage(title: string, body = ''): string {
  const sample = `${title}\n${body.slice(0, 1500)}`;
  const words = sample.match(WORDS)?.length ?? 0;
  if (words === 0 || sample.length < languages.minDetectChars) return DEFAULT_LANGUAGE;
  const stopwords = sample.match(STOPWORDS)?.length ?? 0;
  if (stopwords / words >= languages.englishStopwordShare) return 'en';
  const code = franc(sample.slice(0, languages.detectSampleChars), { minLength: languages.minDetectChars });
  if (code === 'und') return DEFAULT_LANGUAGE;
  return TO_ISO1[code] ?? code;
}
