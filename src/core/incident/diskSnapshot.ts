import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** What a file held when a notebook opened (or was last saved): to tell whether someone changed it on disk since. */
export interface DiskSnapshot {
  sha256: string;
  size: number;
}

/** The file's snapshot, or undefined when it does not exist (or cannot be read). */
export function snapshotFile(file: string): DiskSnapshot | undefined {
  try {
    const bytes = fs.readFileSync(file);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  } catch {
    return undefined;
  }
}

/** True when the file's bytes differ from the snapshot (edited, replaced, deleted or created since). */
export function changedOnDisk(file: string, since: DiskSnapshot | undefined): boolean {
  const now = snapshotFile(file);
  if (!now || !since) {
    return now !== since;
  }
  return now.size !== since.size || now.sha256 !== since.sha256;
}
