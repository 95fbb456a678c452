/**
 * How the poller behaves, read from the environment the stack (infra/config.ts `poll`) or the local
 * stack sets. The defaults here are the ones every stage starts from.
 */
import { isStage } from '../../../infra/names.ts';
import { MAX_BYTES } from '#commons/articles/limits.ts';
import { parseSourceList, type SourceDefinition } from './definition.ts';
import type { FetchOptions } from './fetch.ts';

export const POLL_DEFAULTS = {
  /** Minutes between two scheduled rounds (EventBridge Scheduler on AWS, a timer in `npm start`). */
  intervalMinutes: 15,
  /** New items taken from one source in one round; the rest wait for the next round. */
  maxItemsPerSource: 25,
  /** Pause between two requests to one host (feeds and article pages alike). */
  hostDelayMs: 1000,
  /** Longest wait for one response, connection, headers and body included. */
  requestTimeoutMs: 10_000,
  /** How long an item id is remembered after it was dropped (the table's TTL removes it later). */
  seenDays: 90,
  /** Hosts polled at the same time. */
  concurrency: 8,
} as const;

/** Redirects followed for one request; a feed that needs more is reported as broken. */
export const MAX_REDIRECTS = 5;
/** A feed or page over this is refused: ingest would reject it anyway (MAX_BYTES, 5 MB). */
export const MAX_RESPONSE_BYTES = MAX_BYTES;
/** The longest Retry-After honoured: a source asking for a longer pause is asked again after a day. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/** A source failing for this long raises the `SourcesFailingForADay` metric and its alarm. */
export const FAILING_ALARM_MS = 24 * 60 * 60 * 1000;

/** Environment variables of the poll function. */
export const POLL_ENV = {
  maxItemsPerSource: 'POLL_MAX_ITEMS_PER_SOURCE',
  hostDelayMs: 'POLL_HOST_DELAY_MS',
  requestTimeoutMs: 'POLL_REQUEST_TIMEOUT_MS',
  seenDays: 'POLL_SEEN_DAYS',
  /** JSON list of the stage's default sources, added at deploy when missing. */
  defaultSources: 'POLL_DEFAULT_SOURCES',
  /** `1` (or a list of addresses and CIDRs): fetch from private addresses. Local stack only. */
  allowPrivateSources: 'ALLOW_PRIVATE_SOURCES',
} as const;

/** Which non-public addresses may be fetched: none (the rule), all, or these addresses and CIDRs. */
export type PrivateAddressPolicy = 'deny' | 'allow' | readonly string[];

export interface PollSettings {
  maxItemsPerSource: number;
  hostDelayMs: number;
  requestTimeoutMs: number;
  seenDays: number;
  concurrency: number;
  privateAddresses: PrivateAddressPolicy;
  /** Sent with every request: names the product and where its feed is, so a publisher can reach us. */
  userAgent: string;
}

export function userAgent(feedBaseUrl: string): string {
  return `ceasefire-feed/1 (feed aggregator; +${feedBaseUrl}/)`;
}

/** `ALLOW_PRIVATE_SOURCES` as a policy: unset or `0` deny, `1` allows all, a comma list allows those. */
export function privateAddressPolicy(value: string | undefined): PrivateAddressPolicy {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || text.toLowerCase() === 'false') return 'deny';
  if (text === '1' || text.toLowerCase() === 'true') return 'allow';
  return text.split(',').map((address) => address.trim()).filter(Boolean);
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0, not '${raw}'.`);
  return value;
}

/**
 * The settings of a stage. A deployed stage (dev, staging, prod) refuses ALLOW_PRIVATE_SOURCES: the
 * private-address rule keeps a followed URL from reaching the instance metadata service or the VPC.
 */
export function pollSettingsFromEnv(env: NodeJS.ProcessEnv, stage: string, feedBaseUrl: string): PollSettings {
  const privateAddresses = privateAddressPolicy(env[POLL_ENV.allowPrivateSources]);
  if (privateAddresses !== 'deny' && isStage(stage)) {
    throw new Error(`${POLL_ENV.allowPrivateSources} is for the local stack only; the deployed stage ${stage} refuses it.`);
  }
  return {
    maxItemsPerSource: Math.max(1, Math.floor(positive(env, POLL_ENV.maxItemsPerSource, POLL_DEFAULTS.maxItemsPerSource))),
    hostDelayMs: positive(env, POLL_ENV.hostDelayMs, POLL_DEFAULTS.hostDelayMs),
    requestTimeoutMs: Math.max(1, positive(env, POLL_ENV.requestTimeoutMs, POLL_DEFAULTS.requestTimeoutMs)),
    seenDays: Math.max(1, positive(env, POLL_ENV.seenDays, POLL_DEFAULTS.seenDays)),
    concurrency: POLL_DEFAULTS.concurrency,
    privateAddresses,
    userAgent: userAgent(feedBaseUrl),
  };
}

/** What the fetcher of a round is built with: the settings' agent, timeout and address policy, and the fixed limits. */
export function fetchOptions(settings: PollSettings): FetchOptions {
  return {
    userAgent: settings.userAgent,
    timeoutMs: settings.requestTimeoutMs,
    maxBytes: MAX_RESPONSE_BYTES,
    maxRedirects: MAX_REDIRECTS,
    privateAddresses: settings.privateAddresses,
  };
}

/** The stage's default sources (POLL_DEFAULT_SOURCES, JSON), validated like an imported list. */
export function defaultSourcesFromEnv(env: NodeJS.ProcessEnv): SourceDefinition[] {
  const raw = env[POLL_ENV.defaultSources];
  if (!raw) return [];
  return parseSourceList(JSON.parse(raw), POLL_ENV.defaultSources);
}
