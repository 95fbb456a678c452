/**
 * The middle of reading bytes, shared by the article readers (read.ts) and the poller's feeds
 * (sources/feed-items.ts): decoding, the byte-order mark, format sniffing and the markup safety check.
 * The checks around it (empty, binary, whitespace, which formats are wanted) stay with each caller,
 * in its own words.
 */
import type { ArticleFormat } from '#schemas/event.ts';
import { decodeBytes } from '#commons/articles/decode.ts';
import { assertSafeMarkup } from '#commons/articles/safety.ts';
import { scanProlog, sniffFormat } from '#commons/articles/sniff.ts';

/**
 * Decodes `bytes` (without a leading byte-order mark) and sniffs the text's format. `accept` may refuse
 * the format (by throwing) before a feed or an HTML page has its DOCTYPE checked by assertSafeMarkup.
 */
export function decodeAndSniff(
  bytes: Uint8Array,
  extension: string,
  contentType: string | undefined,
  accept?: (format: ArticleFormat) => void,
): { text: string; format: ArticleFormat } {
  const { text: decoded } = decodeBytes(bytes, contentType);
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const format = sniffFormat(text, extension, contentType);
  accept?.(format);
  if (format === 'feed' || format === 'html') assertSafeMarkup(scanProlog(text));
  return { text, format };
}
