/**
 * Polite polling, by default (its own module: the ingest function's wiring needs the default
 * Cache-Control, not the feed renderer). The feeds change when a development is added or updated,
 * which for news about ceasefires is a few times an hour at most; readers are asked (RSS <ttl>) to
 * poll every 15 minutes, and caches (CloudFront, browsers, readers honouring HTTP caching) may serve a
 * copy that long. A pipeline's own Cache-Control overrides both (publish-feeds.ts `ttlMinutesOf`: a stage's
 * max-age on AWS; locally `no-cache`, which has no max-age and keeps the 15-minute <ttl>).
 * Conditional requests keep polling cheap either way: the bytes, and so ETag and Last-Modified,
 * change only with the content.
 */
export const FEED_TTL_MINUTES = 15;
/** The Cache-Control to store with every published file (matches FEED_TTL_MINUTES). */
export const FEED_CACHE_CONTROL = `public, max-age=${FEED_TTL_MINUTES * 60}`;
