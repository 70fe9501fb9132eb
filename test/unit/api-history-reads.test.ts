import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createTimelineReads } from '../../app/api/history-reads.js';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { DAY, DAY0, HOUR, MIN, tempDir } from '../helpers/history-fixtures.js';

/** A fresh database whose monitor first checked at 06:17:41 and then every 2 s for 12 s, offline. */
function freshOfflineRun(path: string): { first: number; last: number } {
  const opened = openHistoryDatabase(path);
  assert.ok(opened.ok);
  const store = createHistoryStore(opened.db);
  const first = DAY0 + 6 * HOUR + 17 * MIN + 41_000;
  for (let at = first; at <= first + 12_000; at += 2_000) {
    assert.ok(store.recordCheck({ at, status: 'offline', latencyMs: null, causeCodes: [] }).ok);
  }
  opened.db.close();
  return { first, last: first + 12_000 };
}

for (const [range, span] of [
  ['24 hours', DAY],
  ['7 days', 7 * DAY],
  ['30 days', 30 * DAY],
] as const) {
  test(`over ${range}, checking is drawn from the first check, not the top of its hour or minute`, (t) => {
    const temp = tempDir();
    t.after(temp.cleanup);
    const path = join(temp.dir, 'h.sqlite');
    const { first, last } = freshOfflineRun(path);
    const opened = openHistoryDatabase(path, { readonly: true });
    assert.ok(opened.ok);
    try {
      const to = first + HOUR;
      const covered = createTimelineReads(opened.db).covered({ from: to - span, to }, 2_000);
      assert.equal(covered.length, 1, JSON.stringify(covered));
      assert.equal(covered[0]?.start, first);
      assert.ok((covered[0]?.end ?? 0) <= last + MIN + 2_000, `ends ${covered[0]?.end}`);
    } finally {
      opened.db.close();
    }
  });
}
