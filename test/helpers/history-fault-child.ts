// Child process for history-faults.test.ts, run inside a private mount namespace where <dir> is either a
// tiny tmpfs (mode "full") or a read-only bind mount (mode "read-only"). Prints one JSON line of findings.
import { openSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import type { HistoryError, WriteResult } from '../../app/history/types.js';

const [mode, dir] = process.argv.slice(2);
if ((mode !== 'full' && mode !== 'read-only') || dir === undefined) {
  console.error('usage: history-fault-child.ts full|read-only <dir>');
  process.exit(64);
}
const path = join(dir, 'history.sqlite');
const check = (n: number) =>
  ({ at: Date.UTC(2024, 0, 1) + n * 5000, status: 'online', latencyMs: 15, causeCodes: [] }) as const;
const summary = (r: WriteResult<unknown>) =>
  r.ok ? { ok: true } : { ok: false, kind: r.error.kind, code: r.error.code };

if (mode === 'full') {
  const opened = openHistoryDatabase(path);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = createHistoryStore(opened.db);
  const heard: HistoryError[] = [];
  store.onError((e) => heard.push(e));
  // Fill the rest of the filesystem with a filler file, as another program would.
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // ENOSPC: the disk is full now.
  }
  closeSync(fd);
  let written = 0;
  let failure: WriteResult<void> | null = null;
  for (let n = 1; n <= 100_000 && failure === null; n += 1) {
    const result = store.recordCheck(check(n));
    if (result.ok) written += 1;
    else failure = result;
  }
  const again = store.recordCheck(check(200_000));
  const lastErrorKind = store.lastError?.kind ?? null;
  unlinkSync(filler);
  const afterFreeing = store.recordCheck(check(300_000));
  console.log(
    JSON.stringify({
      written,
      failure: failure && summary(failure),
      again: summary(again),
      lastErrorKind,
      heard: heard.length,
      afterFreeing: summary(afterFreeing),
      lastErrorAfterFreeing: store.lastError,
      integrity: opened.db.pragma('integrity_check', { simple: true }),
      rows: (opened.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n,
    }),
  );
} else {
  const opened = openHistoryDatabase(path);
  const write = opened.ok ? summary(createHistoryStore(opened.db).recordCheck(check(1))) : null;
  const reader = openHistoryDatabase(path, { readonly: true });
  const rows = reader.ok
    ? (reader.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n
    : null;
  console.log(
    JSON.stringify({
      open: opened.ok
        ? { ok: true }
        : { ok: false, kind: opened.error.kind, code: opened.error.code, message: opened.error.message },
      write,
      reader: reader.ok
        ? { ok: true, rows }
        : { ok: false, kind: reader.error.kind, message: reader.error.message },
    }),
  );
}
