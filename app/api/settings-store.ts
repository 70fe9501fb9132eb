/**
 * The window's settings on disk: one JSON file holding EditableSettings. Written atomically (a temp file
 * in the same directory, then rename), so a crash mid-write leaves the old file or the new one, never half
 * of each. A file that cannot be used (not JSON, or a value the schema refuses) is kept aside as
 * `<name>.corrupt-<timestamp>` — never deleted, the user may want it — and the defaults are used, with a
 * notice saying so; starting with defaults beats refusing to start.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EditableSettings } from './contract.js';
import { validateEditableSettings } from './editable-settings.js';
import { ApiRequestError, parseSettingsShape } from './validate-request.js';

export interface SettingsStore {
  /** The file, or null when settings live in memory only (no history directory to put them beside). */
  readonly path: string | null;
  /** Whether the file existed and was used, so callers can tell saved settings from defaults. */
  readonly loadedFromFile: boolean;
  /** Why the saved settings were not used, for Snapshot.notices; null when nothing went wrong. */
  readonly notice: string | null;
  get(): EditableSettings;
  /** Persists already-validated settings; rejects with the file system's error (disk full, read-only). */
  save(settings: EditableSettings): Promise<void>;
}

export interface SettingsStoreOptions {
  readonly path: string | null;
  /** Used when there is no file, or it cannot be used. */
  readonly defaults: EditableSettings;
  /**
   * Values fixed for this run by a flag or an environment variable: they win over the file at start (in
   * memory only; the file keeps what the user saved), as flags win over every other source.
   */
  readonly pinned?: Partial<Pick<EditableSettings, 'targets' | 'intervalMs' | 'timeoutMs'>>;
  /** Wall clock for the `.corrupt-<timestamp>` name. */
  readonly now?: () => number;
}

export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const { path } = options;
  let current = options.defaults;
  let notice: string | null = null;
  let loadedFromFile = false;
  if (path !== null) {
    const read = await readSettingsFile(path);
    if (read.kind === 'ok') {
      current = read.settings;
      loadedFromFile = true;
    } else if (read.kind === 'bad') {
      const aside = await keepAside(path, (options.now ?? Date.now)());
      notice =
        `The saved settings in ${path} could not be used (${read.reason}); default settings are in use` +
        (aside === null ? '.' : ` and the old file was kept as ${basename(aside)}.`);
    } else if (read.kind === 'unreadable') {
      notice = `The saved settings in ${path} could not be read (${read.code}); default settings are in use.`;
    }
  }

  current = { ...current, ...options.pinned };

  let writing: Promise<void> = Promise.resolve();
  return {
    path,
    loadedFromFile,
    notice,
    get: () => current,
    save(settings) {
      // One write at a time, in the order asked: the last save wins on disk as it does in memory.
      const write = writing.then(async () => {
        if (path !== null) await writeAtomically(path, `${JSON.stringify(settings, null, 2)}\n`);
        current = settings;
      });
      writing = write.catch(() => undefined);
      return write;
    },
  };
}

type FileRead =
  | { readonly kind: 'ok'; readonly settings: EditableSettings }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly code: string }
  | { readonly kind: 'bad'; readonly reason: string };

async function readSettingsFile(path: string): Promise<FileRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: text.trim() === '' ? 'the file is empty' : 'not valid JSON' };
  }
  try {
    const result = validateEditableSettings(parseSettingsShape(json));
    if (result.ok) return { kind: 'ok', settings: result.settings };
    const [field, message] = Object.entries(result.errors)[0] ?? ['?', '?'];
    return { kind: 'bad', reason: `${field}: ${message}` };
  } catch (error) {
    if (error instanceof ApiRequestError) return { kind: 'bad', reason: error.message };
    throw error;
  }
}

async function keepAside(path: string, now: number): Promise<string | null> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; existsSync(target); n += 1) target = `${path}.corrupt-${stamp}-${n}`;
  try {
    await rename(path, target);
    return target;
  } catch {
    // Cannot move it (read-only directory): the defaults are used all the same, and a later save overwrites it.
    return null;
  }
}

/** Temp file beside the target (same file system, so rename is atomic), then rename over it. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
