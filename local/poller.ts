/**
 * The local stand-in for EventBridge Scheduler -> poll function: the poll handler's own code runs in this
 * process every `intervalMs` (15 minutes, as on a stage), once soon after start, and whenever the CLI
 * asks (`sources poll`). Rounds never overlap, like the function's reserved concurrency of 1: a round
 * asked for while one runs starts after it.
 */
import type { PollRound } from '#commons/sources/poll.ts';

export interface LocalPollerOptions {
  round: () => Promise<PollRound>;
  /** 0: no scheduled rounds, only the ones asked for. */
  intervalMs: number;
  onRound?: (round: PollRound) => void;
  onError?: (error: Error) => void;
}

export class LocalPoller {
  readonly #options: LocalPollerOptions;
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LocalPollerOptions) {
    this.#options = options;
  }

  /** Starts the schedule: a first round at once, then one every interval. */
  start(): void {
    if (this.#options.intervalMs <= 0) return;
    const scheduled = () => void this.pollNow().catch(() => {});
    scheduled();
    this.#timer = setInterval(scheduled, this.#options.intervalMs);
  }

  /** One round, after any round in progress. */
  pollNow(): Promise<PollRound> {
    if (this.#closed) return Promise.reject(new Error('The local stack is stopping.'));
    const round = this.#chain.then(() => this.#options.round());
    this.#chain = round.then(
      (result) => this.#options.onRound?.(result),
      (error: Error) => this.#options.onError?.(error),
    );
    return round;
  }

  /** Stops the schedule and waits for the round in progress. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#chain;
  }
}
