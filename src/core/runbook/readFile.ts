/** Reading a runbook from disk with one clear, typed error for each way it can fail. */
import { readFile, stat } from 'node:fs/promises';
import { RunbookError } from '../errors';

export const MAX_RUNBOOK_BYTES = 10 * 1024 * 1024;

export type ReadFailure = 'notFound' | 'isDirectory' | 'notAFile' | 'binary' | 'tooLarge' | 'unreadable';

/** Decodes UTF-8 strictly; a NUL byte or an invalid sequence means the file is not a markdown text file. */
export function decodeRunbook(bytes: Uint8Array, path = '<bytes>'): string {
  if (bytes.includes(0)) {
    throw new RunbookError<ReadFailure>('binary', `${path}: binary file (contains NUL bytes)`, { path });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (_e) {
    throw new RunbookError<ReadFailure>('binary', `${path}: not UTF-8 text`, { path });
  }
}

export async function readRunbookFile(path: string, maxBytes = MAX_RUNBOOK_BYTES): Promise<string> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) {
      throw new RunbookError<ReadFailure>('isDirectory', `${path}: is a directory`, { path });
    }
    // A FIFO would block the read until someone writes to it, a device such as /dev/zero never ends.
    if (!st.isFile()) {
      throw new RunbookError<ReadFailure>('notAFile', `${path}: not a regular file`, { path });
    }
    size = st.size;
  } catch (e) {
    throw asReadError(e, path);
  }
  if (size > maxBytes) {
    throw new RunbookError<ReadFailure>('tooLarge', `${path}: too large (${size} bytes; the limit is ${maxBytes})`, { path, size });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw asReadError(e, path);
  }
  return decodeRunbook(bytes, path);
}

function asReadError(e: unknown, path: string): RunbookError {
  if (RunbookError.is(e)) {
    return e;
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new RunbookError<ReadFailure>('notFound', `${path}: no such file`, { path });
  }
  if (code === 'EISDIR') {
    return new RunbookError<ReadFailure>('isDirectory', `${path}: is a directory`, { path });
  }
  return new RunbookError<ReadFailure>('unreadable', `${path}: cannot read (${code ?? String(e)})`, { path });
}
