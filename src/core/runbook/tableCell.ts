/** Markdown table cells, the one way every table we write (the incident record's, an AWS result's) escapes text. */

/** A table cell: one line, pipes and backticks escaped, HTML-ish brackets neutralised, bounded length. */
export function cellText(text: string, max = 120): string {
  const one = text.replace(/\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
