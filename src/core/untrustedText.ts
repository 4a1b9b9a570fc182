/**
 * Text from a remote or untrusted source (a state name in a queue message or an execution's history, an
 * execution's error and cause, a finding's message quoting a runbook or an AWS error) put into a line on a
 * terminal or in a log. Its control characters (C0 such as ESC and CR and line breaks, DEL, C1 such as CSI),
 * bidi embeddings, overrides and isolates, other invisible format characters and the line/paragraph
 * separators are written as visible JSON escapes (`\u001b`, `\u202e`, `\n`): they cannot move the cursor,
 * recolour the terminal, reorder the line or forge another one. Long values are cut, the cut marked `…`.
 *
 * Secrets are redacted first, by shape, before the cut and the escapes: the escapes would otherwise hide a
 * secret's edges (`\t` glued to a key) and the cut would leave a prefix no redactor recognises. The sink's own
 * redactor (the CLI's streams, the log) still hides the known secret values afterwards.
 *
 * Not for cell output: output is data and is shown as it is.
 */
import { redactText } from './incident/redact';

// \p{Cc}: C0, DEL and C1; \p{Cf}: format characters (LRM, RLM, ALM, U+202A-U+202E, U+2066-U+2069, zero-width,
// BOM, tags); \p{Zl} \p{Zp}: U+2028, U+2029; \p{Cs}: a lone surrogate. Built from a string: the lint rule
// against control characters in regex literals guards typos, not this.
const UNSAFE = '\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}';
const BARE = new RegExp(`[${UNSAFE}]`, 'gu');
const QUOTED = new RegExp(`[${UNSAFE}"\\\\]`, 'gu');
const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

/** How many characters of an untrusted value a line shows unless told otherwise. */
export const UNTRUSTED_MAX = 80;

export interface UntrustedTextOptions {
  /** At most this many characters (code points) of the value, `…` included; `Infinity`: all of it. */
  max?: number;
  /** Keep line feeds as line breaks (a block of lines, such as a request's JSON); otherwise one line. */
  lines?: boolean;
}

function escapeChar(c: string): string {
  return SHORT[c] ?? [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

/** At most `max` code points, a surrogate pair never split; the cut is marked with `…`. */
function cut(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** The value as it may stand bare in a line: secrets redacted, cut at `max` (80), unsafe characters escaped. */
export function escapeUntrusted(text: string, options: UntrustedTextOptions = {}): string {
  const keepLines = options.lines === true;
  return cut(redactText(text), options.max ?? UNTRUSTED_MAX).replace(BARE, (c) => (keepLines && c === '\n' ? c : escapeChar(c)));
}

/**
 * The value in double quotes, as a JSON string literal (quotes and backslashes escaped too, so where it ends
 * is plain): secrets redacted, cut at `max` (80). Uncut and with no secret in it, `JSON.parse` gives it back.
 */
export function quoteUntrusted(text: string, max = UNTRUSTED_MAX): string {
  return `"${cut(redactText(text), max).replace(QUOTED, escapeChar)}"`;
}
