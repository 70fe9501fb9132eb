import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openHistoryDatabase } from '../../app/history/database.js';
import { createHistoryStore } from '../../app/history/store.js';
import { createHistoryQueries } from '../../app/history/queries.js';
import {
  checksToCsv,
  csvField,
  exportChecks,
  exportOutages,
  outagesToCsv,
} from '../../app/history/export.js';
import type { OutageRecord } from '../../app/history/types.js';
import { DAY0, tempDir } from '../helpers/history-fixtures.js';

test('CSV fields are quoted only when they hold a comma, quote, CR or LF, with quotes doubled', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(' padded '), ' padded ');
  assert.equal(csvField(null), '');
  assert.equal(csvField(12.5), '12.5');
});

test('outage CSV has a header, CRLF rows, ISO times and an empty end for an open outage', () => {
  const outages: OutageRecord[] = [
    {
      id: 1,
      startedAt: DAY0,
      endedAt: DAY0 + 90_000,
      durationMs: 90_000,
      cause: 'dns-failing',
      summary: 'DNS "failed", then recovered',
    },
    {
      id: 2,
      startedAt: DAY0 + 3_600_000,
      endedAt: null,
      durationMs: null,
      cause: 'link-down',
      summary: 'cable\r\nunplugged',
    },
  ];
  assert.equal(
    outagesToCsv(outages),
    'id,started_at,ended_at,duration_ms,cause,summary\r\n' +
      '1,2024-01-01T00:00:00.000Z,2024-01-01T00:01:30.000Z,90000,dns-failing,"DNS ""failed"", then recovered"\r\n' +
      '2,2024-01-01T01:00:00.000Z,,,link-down,"cable\r\nunplugged"\r\n',
  );
});

test('a CSV parser following RFC 4180 reads back exactly the fields that were written', () => {
  const summary = 'a, "b"\nc';
  const csv = outagesToCsv([
    { id: 7, startedAt: DAY0, endedAt: null, durationMs: null, cause: 'unknown', summary },
  ]);
  assert.deepEqual(parseCsv(csv)[1], ['7', '2024-01-01T00:00:00.000Z', '', '', 'unknown', summary]);
});

test('checks export from the database as CSV and JSON with their cause codes', (t) => {
  const temp = tempDir();
  t.after(temp.cleanup);
  const opened = openHistoryDatabase(join(temp.dir, 'h.sqlite'));
  assert.ok(opened.ok);
  t.after(() => opened.db.close());
  const store = createHistoryStore(opened.db);
  store.recordCheck({ at: DAY0, status: 'online', latencyMs: 12.5, causeCodes: [] });
  store.recordCheck({
    at: DAY0 + 5000,
    status: 'limited',
    latencyMs: 80,
    causeCodes: ['dns-slow', 'high-latency'],
  });
  store.recordCheck({
    at: DAY0 + 10_000,
    status: 'offline',
    latencyMs: null,
    causeCodes: ['no-default-route'],
  });
  store.openOutage({ startedAt: DAY0 + 10_000, cause: 'no-default-route', summary: 'no route' });
  const queries = createHistoryQueries(opened.db);
  const window = { from: DAY0, to: DAY0 + 60_000 };

  assert.equal(
    exportChecks(queries.checks(window), 'csv'),
    'at,status,latency_ms,cause_codes\r\n' +
      '2024-01-01T00:00:00.000Z,online,12.5,\r\n' +
      '2024-01-01T00:00:05.000Z,limited,80,dns-slow high-latency\r\n' +
      '2024-01-01T00:00:10.000Z,offline,,no-default-route\r\n',
  );
  const json = JSON.parse(exportChecks(queries.checks(window), 'json')) as {
    schema: number;
    checks: unknown[];
  };
  assert.equal(json.schema, 1);
  assert.deepEqual(json.checks[1], {
    at: DAY0 + 5000,
    status: 'limited',
    latencyMs: 80,
    causeCodes: ['dns-slow', 'high-latency'],
    atIso: '2024-01-01T00:00:05.000Z',
  });
  const outages = JSON.parse(exportOutages(queries.outages(window), 'json')) as {
    outages: Record<string, unknown>[];
  };
  assert.deepEqual(outages.outages[0], {
    id: 1,
    startedAt: DAY0 + 10_000,
    endedAt: null,
    durationMs: null,
    cause: 'no-default-route',
    summary: 'no route',
    startedAtIso: '2024-01-01T00:00:10.000Z',
    endedAtIso: null,
  });
  assert.equal(checksToCsv([]), 'at,status,latency_ms,cause_codes\r\n');
});

/** A minimal RFC 4180 reader, written independently of the writer, to prove the round trip. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return records;
}
