/** The source registry on dynalite: its items in the stage's table, written attribute by attribute, read with Query and GetItem only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceExistsError, SourceRegistry } from '#commons/sources/registry.ts';
import { itemHash } from '#commons/sources/keys.ts';
import { dumpTable, freshStore, startDynalite, type LocalDynamo } from '../helpers/dynalite.ts';

let local: LocalDynamo;
beforeAll(async () => {
  local = await startDynalite();
});
afterAll(() => local?.stop());

describe('SourceRegistry', () => {
  it('adds, lists, redefines and removes sources, keeping polling state apart from the definition', async () => {
    const { tableName } = await freshStore(local);
    const registry = new SourceRegistry(local.client, tableName);
    await registry.add({ name: 'b-feed', url: 'https://b.example/rss', keywords: ['truce'] }, '2026-05-01T10:00:00.000Z');
    await registry.add({ name: 'a-feed', url: 'https://a.example/rss' }, '2026-05-01T10:00:00.000Z');
    await expect(registry.add({ name: 'a-feed', url: 'https://other.example/' }, '2026-05-01T10:00:00.000Z')).rejects.toThrow(SourceExistsError);
    expect((await registry.list()).map((s) => s.name)).toEqual(['a-feed', 'b-feed']);

    const polled = { lastPolledAt: '2026-05-01T10:15:00.000Z', lastSuccessAt: '2026-05-01T10:15:00.000Z', etag: '"v1"', lastNewItems: 3, dropped: 3 };
    await registry.recordPoll({ name: 'b-feed', url: 'https://b.example/rss' }, polled);
    await registry.recordPoll({ name: 'b-feed', url: 'https://b.example/rss' }, { ...polled, etag: '"v2"', lastNewItems: 2, dropped: 2 });
    expect(await registry.get('b-feed')).toEqual({
      name: 'b-feed',
      url: 'https://b.example/rss',
      keywords: ['truce'],
      addedAt: '2026-05-01T10:00:00.000Z',
      lastPolledAt: '2026-05-01T10:15:00.000Z',
      lastSuccessAt: '2026-05-01T10:15:00.000Z',
      etag: '"v2"',
      lastNewItems: 2,
      itemsDropped: 5,
    });

    // A new definition keeps the state; a new URL forgets the old feed's validators.
    expect(await registry.redefine({ name: 'b-feed', url: 'https://b.example/rss', publisher: 'B News' }, false)).toBe(true);
    expect(await registry.get('b-feed')).toMatchObject({ publisher: 'B News', etag: '"v2"', itemsDropped: 5 });
    expect(await registry.get('b-feed')).not.toHaveProperty('keywords');
    expect(await registry.redefine({ name: 'b-feed', url: 'https://b.example/atom' }, true)).toBe(true);
    expect(await registry.get('b-feed')).not.toHaveProperty('etag');
    // A poll of the old URL that ends after the change is not recorded against the new one.
    await registry.recordPoll({ name: 'b-feed', url: 'https://b.example/rss' }, { etag: '"stale"' });
    expect(await registry.get('b-feed')).not.toHaveProperty('etag');
    expect(await registry.redefine({ name: 'missing', url: 'https://m.example/' }, false)).toBe(false);

    expect(await registry.remove('a-feed')).toBe(true);
    expect(await registry.remove('a-feed')).toBe(false);
    // Nor does a poll that ends after the source was removed bring it back.
    await registry.recordPoll({ name: 'a-feed', url: 'https://a.example/rss' }, polled);
    expect(await registry.get('a-feed')).toBeUndefined();
  });

  it('remembers seen items per source with a TTL, under a hash of their id', async () => {
    const { tableName } = await freshStore(local);
    const registry = new SourceRegistry(local.client, tableName);
    const id = `https://example.org/${'long-guid/'.repeat(200)}`;
    expect(await registry.seen('a-feed', id)).toBe(false);
    await registry.markSeen('a-feed', id, { objectKey: 'inbox/sources/a-feed/x.html', at: '2026-05-01T10:15:00.000Z', expiresAt: 1_785_000_000 });
    expect(await registry.seen('a-feed', id)).toBe(true);
    expect(await registry.seen('b-feed', id)).toBe(false);
    expect(await dumpTable(local, tableName)).toEqual([
      {
        pk: 'SEEN#a-feed',
        sk: itemHash(id),
        kind: 'seen',
        itemId: id.slice(0, 512),
        objectKey: 'inbox/sources/a-feed/x.html',
        seenAt: '2026-05-01T10:15:00.000Z',
        expiresAt: 1_785_000_000,
      },
    ]);
  });

  it('never scans', () => {
    expect(local.commands).not.toContain('ScanCommand');
    expect(local.commands).toContain('QueryCommand');
  });
});
