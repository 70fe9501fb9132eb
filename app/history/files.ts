import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The files SQLite keeps beside a database: losing or replacing any of them loses history. */
export const DATABASE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/**
 * Which of the database's own files (`history.sqlite`, its `-wal`, `-shm` or `-journal`) `candidate` would
 * write to, or null when none. Real paths are compared, so `./h.db`, `dir/../h.db` and a symlink to the file
 * or to its directory are caught; for files that exist the device and inode are compared too, which also
 * catches a hard link and a case-insensitive filesystem.
 */
export function databaseFileAt(candidate: string, databasePath: string): string | null {
  if (databasePath === ':memory:') return null;
  const target = realTarget(candidate);
  const targetStat = statOrNull(candidate);
  // SQLite names the journal files after the real path; the spelling given is checked as well, to be safe.
  const bases = new Set([realTarget(databasePath), resolve(databasePath)]);
  for (const base of bases) {
    for (const suffix of DATABASE_FILE_SUFFIXES) {
      const own = base + suffix;
      if (own === target) return own;
      const ownStat = statOrNull(own);
      if (
        ownStat !== null &&
        targetStat !== null &&
        ownStat.dev === targetStat.dev &&
        ownStat.ino === targetStat.ino
      )
        return own;
    }
  }
  return null;
}

/** The real path a write to `path` would land on: through a symlinked file, or else its real directory. */
function realTarget(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

function statOrNull(path: string): { dev: number; ino: number } | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
