/** When each item last changed (updated.ts): distinct, stable, within the second of its updatedAt. */
import { describe, expect, it } from 'vitest';
import { itemUpdates } from '#commons/feeds/updated.ts';
import { makeArticle, makeEvent } from '../helpers/events.ts';

/** `count` developments reported by one article: they share its arrival time as updatedAt. */
const fromOneArticle = (count: number, prefix: string) => {
  const article = makeArticle({ seed: `${prefix}-article`, receivedAt: '2026-12-07T18:27:50.123Z' });
  return Array.from({ length: count }, (_, i) => makeEvent({ seed: `${prefix}${i}`, article }));
};

describe('itemUpdates', () => {
  it('gives developments that share an updatedAt distinct times, each within that second', () => {
    const events = fromOneArticle(40, 'a');
    const updates = itemUpdates(events);
    expect(updates.size).toBe(40);
    expect(new Set(updates.values()).size).toBe(40);
    for (const at of updates.values()) expect(new Date(at).toISOString()).toMatch(/^2026-12-07T18:27:5[01]\.\d{3}Z$/);
  });

  it('depends on neither the input order nor the other developments', () => {
    const events = fromOneArticle(12, 'b');
    const all = itemUpdates(events);
    expect([...itemUpdates([...events].reverse())].sort()).toEqual([...all].sort());
    // A development updated later leaves the others' times as they were (no reader sees them change).
    const [moved, ...rest] = events;
    const after = itemUpdates([{ ...moved!, updatedAt: '2026-12-08T09:00:00.000Z' }, ...rest]);
    for (const e of rest) expect(after.get(e.id), e.id).toBe(all.get(e.id));
    expect(new Date(after.get(moved!.id)!).toISOString().slice(0, 19)).toBe('2026-12-08T09:00:00');
  });

  it('tells apart two developments whose times would meet, a millisecond apart', () => {
    // Find two ids that alone would get the same time (1 in 1,000 pairs do).
    const alone = new Map<number, ReturnType<typeof makeEvent>>();
    let pair: [ReturnType<typeof makeEvent>, ReturnType<typeof makeEvent>] | undefined;
    for (let i = 0; !pair && i < 5_000; i++) {
      const event = makeEvent({ seed: `c${i}`, updatedAt: '2026-12-07T18:27:50.000Z' });
      const at = itemUpdates([event]).get(event.id)!;
      const other = alone.get(at);
      if (other) pair = [other, event];
      else alone.set(at, event);
    }
    const [first, second] = pair!;
    const single = itemUpdates([first]).get(first.id)!;
    const both = itemUpdates([second, first]);
    expect([...both.values()].sort()).toEqual([single, single + 1]);
    expect(itemUpdates([first, second])).toEqual(both);
  });

  it('leaves out an updatedAt it cannot read (the renderer dates that item to the epoch)', () => {
    const broken = { ...makeEvent({ seed: 'broken' }), updatedAt: 'yesterday' };
    expect(itemUpdates([broken]).has(broken.id)).toBe(false);
  });
});
