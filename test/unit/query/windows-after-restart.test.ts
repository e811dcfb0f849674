/**
 * queryEvents over a store reopened from its snapshot v2 and then given more events: a category filter
 * finds every matching event, old (from the snapshot) and new (appended after the start).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { EventWindows } from '../../../electron/core/query/event-windows';
import { prepareDataDir } from '../../../electron/core/store/data-dir';
import { JournalStore } from '../../../electron/core/store/journal-store';
import { EMPTY_FILTER } from '../../../shared/api/event-filter';
import { recordEvent, removeDir, tempDir } from '../../support/core';
import { acceptInput } from '../../support/accept-input';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  await prepareDataDir(dir);
});
afterEach(() => removeDir(dir));

const open = (): Promise<JournalStore> => JournalStore.open({ dataDir: dir, log: silentLogger });

async function put(store: JournalStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++)
    await store.accept(acceptInput(recordEvent(`e_${i}`, i % 4 === 0 ? 'record.modified' : 'record.new', `r_${i % 5}`)));
}

describe('queryEvents after a restart', () => {
  it('finds the modified events of before and after the restart', async () => {
    let store = await open();
    await put(store, 1, 40);
    await store.close();
    store = await open();
    await put(store, 41, 20);
    const expected = [...store.state.events.values()]
      .filter((e) => e.category === 'modified')
      .map((e) => e.eventId)
      .reverse();
    const window = new EventWindows().query(store.state, { filter: { ...EMPTY_FILTER, categories: ['modified'] }, offset: 0, limit: 100 });
    expect(window.rows.map((e) => e.eventId)).toEqual(expected);
    expect(expected).toHaveLength(15);
    await store.close();
  });
});
