// Child process for history-kill9.test.ts: writes checks (and now and then an outage) through the store as
// fast as it can, printing the number of committed checks after each commit, until it is killed.
import { writeSync } from 'node:fs';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';

const path = process.argv[2];
if (path === undefined) {
  console.error('usage: history-writer.ts <db>');
  process.exit(64);
}
const opened = openHistoryDatabase(path);
if (!opened.ok) {
  console.error(opened.error.message);
  process.exit(1);
}
const store = createHistoryStore(opened.db);
const start =
  (opened.db.prepare('SELECT max(at) AS at FROM checks').get() as { at: number | null }).at ??
  Date.UTC(2024, 0, 1);
writeSync(1, 'ready\n');

for (let n = 1; ; n += 1) {
  const at = start + n * 5000;
  const offline = n % 97 < 5;
  const result = store.recordCheck({
    at,
    status: offline ? 'offline' : 'online',
    latencyMs: offline ? null : 10 + (n % 13),
    causeCodes: offline ? ['upstream-unreachable'] : [],
  });
  if (!result.ok) {
    console.error(result.error.message);
    process.exit(1);
  }
  if (n % 97 === 0)
    store.openOutage({ startedAt: at, cause: 'upstream-unreachable', summary: `outage at check ${n}` });
  if (n % 97 === 5) store.closeOutage({ endedAt: at });
  // writeSync, not process.stdout.write: this loop never yields, and once the pipe is full (a loaded
  // machine, a slow parent) stream writes queue in memory unsent, so the parent would read a count far
  // behind the commits. A blocking write keeps "reported" at most one commit behind.
  writeSync(1, `${n}\n`);
}
