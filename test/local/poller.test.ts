/** The local schedule of polling rounds: one at start, one per interval, never two at once, none after close. */
import { describe, expect, it } from 'vitest';
import type { PollRound } from '#commons/sources/poll.ts';
import { LocalPoller } from '../../local/poller.ts';

const emptyRound = (): PollRound => ({ startedAt: '', finishedAt: '', sources: [], dropped: 0, failed: 0, failingForADay: [], errors: [] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LocalPoller', () => {
  it('polls at start and on every interval, one round at a time, and stops on close', async () => {
    let running = 0;
    let overlapped = false;
    let rounds = 0;
    const poller = new LocalPoller({
      intervalMs: 40,
      round: async () => {
        overlapped ||= running > 0;
        running++;
        await sleep(60);
        running--;
        rounds++;
        return emptyRound();
      },
    });
    poller.start();
    const asked = poller.pollNow();
    await sleep(300);
    await poller.close();
    const done = rounds;
    expect(await asked).toEqual(emptyRound());
    expect(done).toBeGreaterThanOrEqual(3);
    expect(overlapped).toBe(false);
    await sleep(100);
    expect(rounds).toBe(done);
    await expect(poller.pollNow()).rejects.toThrow('The local stack is stopping.');
  });

  it('with interval 0 polls only when asked, and reports each round and failure', async () => {
    const seen: string[] = [];
    let fail = true;
    const poller = new LocalPoller({
      intervalMs: 0,
      round: async () => {
        if (fail) throw new Error('S3 is down');
        return emptyRound();
      },
      onRound: () => seen.push('round'),
      onError: (error) => seen.push(error.message),
    });
    poller.start();
    await sleep(20);
    expect(seen).toEqual([]);
    await expect(poller.pollNow()).rejects.toThrow('S3 is down');
    fail = false;
    await poller.pollNow();
    await poller.close();
    expect(seen).toEqual(['S3 is down', 'round']);
  });
});
