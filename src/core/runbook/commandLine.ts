/**
 * A code cell's command as one line, for a progress line, a "not compiled" report or an unfinished-cell notice: the
 * first line that is neither blank nor a `#` comment, with backslash-continued lines joined by a space.
 */
export function commandLine(source: string): string {
  const joined = source.replace(/[ \t]*\\\r?\n\s*/g, ' ');
  return (
    joined
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('#'))
      ?.trim() ?? ''
  );
}
