/**
 * The minimum confidence of the subscribed documents (RSS, Atom, JSON Feed): a development whose
 * corroborated confidence (extraction/events.ts `corroboratedConfidence`) is below it stays in the store
 * and on the pages, marked, and joins the feeds when another outlet reports it or a re-extraction raises
 * it (docs/feeds.md). Each stage sets it (infra/config.ts `feed.minConfidence`, the publish function's
 * FEED_MIN_CONFIDENCE); the local stack reads the same variable. Free of imports, so the CDK app and
 * the CLI can read the default cheaply.
 */

/** Every stage's minimum unless it sets its own, and the local stack's. */
export const DEFAULT_MIN_CONFIDENCE = 0.55;

/** A minimum confidence from configuration: a number from 0 to 1; `what` names the setting in the message. */
export function parseMinConfidence(value: unknown, what: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new Error(`${what} must be a number from 0 to 1 (a development's confidence), not ${JSON.stringify(value)}.`);
  }
  return number;
}
