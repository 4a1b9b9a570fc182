import type { Logger } from '../logger';
import { KEYED_PATTERNS, PEM_CLOSED, PEM_END, PEM_KEYWORD, PEM_OPEN, REDACTED } from './secretPatterns';

export { REDACTED } from './secretPatterns';

export interface RedactOptions {
  /** Literal values to hide wherever they appear (values of variables marked secret). */
  secrets?: readonly string[];
}

/** Options, or a function read at each use (a session's secrets change while it runs). */
export type RedactOptionsSource = RedactOptions | (() => RedactOptions);

/** Secret values shorter than this are not searched for: hiding every "ab" would destroy the output and protect nothing. */
export const MIN_SECRET_LENGTH = 4;

/** One secret occurrence: `[start, end)` is hidden; `[matchStart, matchEnd)` is the whole match (label included). */
interface Finding {
  start: number;
  end: number;
  matchStart: number;
  matchEnd: number;
  /** A PEM block with no END line: it runs to the end of the text. */
  open?: boolean;
}

function resolve(opts: RedactOptionsSource | undefined): RedactOptions {
  return typeof opts === 'function' ? opts() : (opts ?? {});
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function secretsPattern(secrets: readonly string[] | undefined): RegExp | undefined {
  const usable = [...new Set(secrets ?? [])].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  return usable.length ? new RegExp(`(?<s>${usable.map(escapeRegExp).join('|')})`, 'dg') : undefined;
}

/**
 * Every match of the global `re` in `text`: the loop `matchAll` runs, on `re` itself. (`matchAll` first
 * clones the regex, which cost more than the search: some fifty patterns over every string of every event.)
 */
function collect(re: RegExp, text: string, out: Finding[]): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const s = m.indices?.groups?.s;
    if (s) {
      out.push({ start: s[0], end: s[1], matchStart: m.index, matchEnd: m.index + m[0].length });
    }
    if (m[0] === '') {
      re.lastIndex += re.unicode && (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
    }
  }
  re.lastIndex = 0;
}

/** The longest text the keyword filter is used on (characters). */
const KEYWORD_FILTER_MAX = 4096;

/**
 * Every secret in `text`. With `keywords` (the default), a pattern runs only on a text holding one of its keywords
 * and a secret value only on a text holding it: the same findings (test/unit/incident/redactKeywords.test.ts checks
 * it against the run of every pattern), without running some fifty regexes over every string of every event.
 */
function findSecrets(text: string, opts: RedactOptions, useKeywords = true): Finding[] {
  const found: Finding[] = [];
  // Past a few kilobytes a pattern's own scan is cheaper than looking for its keywords first (a 10 MB output: 300 ms
  // against 550), and its regex is compiled by then anyway: the filter pays off on the many short strings of a run.
  const keywords = useKeywords && text.length <= KEYWORD_FILTER_MAX;
  // Lower case once: every keyword is lower case, and an ASCII letter matches only ASCII letters, even with the `i` flag.
  const lower = keywords ? text.toLowerCase() : '';
  // Patterns share keywords (every label shape has the same five): each is looked for once per text.
  const seen = new Map<string, boolean>();
  const has = (w: string): boolean => {
    let v = seen.get(w);
    if (v === undefined) {
      v = lower.includes(w);
      seen.set(w, v);
    }
    return v;
  };
  const holds = (words: readonly string[]): boolean => !keywords || words.some(has);
  if (holds([PEM_KEYWORD])) {
    collect(PEM_CLOSED, text, found);
    const covered = found.length ? found[found.length - 1].end : 0;
    const open = PEM_OPEN.exec(text.slice(covered));
    if (open) {
      const start = covered + open.index;
      found.push({ start, end: text.length, matchStart: start, matchEnd: text.length, open: true });
    }
  }
  for (const p of KEYED_PATTERNS) {
    if (holds(p.keywords)) {
      collect(p.re, text, found);
    }
  }
  // A secret value that does not occur cannot match: leaving it out of the alternation changes no match.
  const literal = secretsPattern(keywords ? opts.secrets?.filter((s) => text.includes(s)) : opts.secrets);
  if (literal) {
    collect(literal, text, found);
  }
  return found;
}

/** Replaces the hidden ranges of `text` (those ending at or before `limit`) with [REDACTED], merging overlaps. */
function apply(text: string, findings: readonly Finding[], limit = text.length): string {
  const ranges = findings
    .filter((f) => f.end <= limit)
    .map((f) => [f.start, f.end] as const)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let pos = 0;
  for (const [start, end] of ranges) {
    if (end <= pos) {
      continue;
    }
    if (start >= pos) {
      out += text.slice(pos, start) + REDACTED;
    }
    pos = end;
  }
  return out + text.slice(pos, limit);
}

/**
 * Replaces AWS access key ids, secret access keys, session tokens, passwords in URLs, Authorization
 * credentials, SigV4 signatures, PEM private keys, labelled secrets (password=, "SecretString": ...)
 * and the given secret values with [REDACTED].
 */
export function redactText(text: string, opts?: RedactOptions): string {
  if (!text) {
    return text;
  }
  return apply(text, findSecrets(text, opts ?? {}));
}

/** redactText with every pattern run on every text, keywords or not: the reference the keyword filter must equal (tests). */
export function redactTextEveryPattern(text: string, opts?: RedactOptions): string {
  if (!text) {
    return text;
  }
  return apply(text, findSecrets(text, opts ?? {}, false));
}

/** MIME types whose data is a JSON document (AWS results, error items). */
const JSON_MIMES = new Set(['application/json', 'application/vnd.code.notebook.error']);

/**
 * One output item's data through `redact`: the text itself, and for a JSON item also every string inside
 * it once decoded (JSON escaping hides a secret from the text: `\"`, `\t`, `\u003c`), written back in the
 * item's own layout (compact, or indented as AWS results are).
 */
export function redactItem(mime: string, data: string, redact: (text: string) => string): string {
  if (!JSON_MIMES.has(mime)) {
    return redact(data);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return redact(data);
  }
  // Strings first, decoded and whole (an access key id beside its secret key is still there to give context),
  // then the text, where a label in a key names the secret in its value (`"SecretAccessKey": "..."`).
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? redact(v) : Array.isArray(v) ? v.map(walk) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  const redacted = walk(parsed);
  if (JSON.stringify(redacted) === JSON.stringify(parsed)) {
    return redact(data);
  }
  const indent = /^[[{]\r?\n( +)/.exec(data)?.[1].length ?? 0;
  return redact(`${JSON.stringify(redacted, null, indent)}${data.endsWith('\n') ? '\n' : ''}`);
}

/** redactItem with the patterns and the given secrets. */
export function redactOutputData(mime: string, data: string, opts: RedactOptions = {}): string {
  return redactItem(mime, data, (t) => redactText(t, opts));
}

/** Text a stream redactor holds back beyond the last complete line, so a secret split across chunks is seen whole. */
const HOLD = 512;

/**
 * Redacts a stream (a cell's stdout) whose secrets may be split across chunks. Complete lines are released
 * at once; an incomplete line is held back up to a bounded tail (longer than any secret pattern's prefix),
 * and a match that reaches into the tail is held whole. Inside a PEM private key nothing is kept but the
 * last few characters, until its END line. `flush()` releases the rest at the end of the stream.
 */
export class StreamRedactor {
  private buffer = '';
  private inPem = false;

  constructor(private readonly opts: RedactOptionsSource = {}) {}

  push(chunk: string): string {
    this.buffer += chunk;
    return this.drain(false);
  }

  flush(): string {
    return this.drain(true);
  }

  private drain(final: boolean): string {
    let out = '';
    for (;;) {
      if (this.inPem && !this.skipPem(final)) {
        return out;
      }
      const opts = resolve(this.opts);
      const findings = findSecrets(this.buffer, opts);
      const open = findings.find((f) => f.open);
      if (open && !final) {
        out += apply(this.buffer, findings, open.start) + REDACTED;
        this.buffer = this.buffer.slice(open.start + 1);
        this.inPem = true;
        continue;
      }
      const cut = final ? this.buffer.length : this.safeCut(findings, opts);
      out += apply(this.buffer, findings, cut);
      this.buffer = this.buffer.slice(cut);
      return out;
    }
  }

  /** Drops PEM content up to its END line; false when the END line has not arrived yet. */
  private skipPem(final: boolean): boolean {
    const end = PEM_END.exec(this.buffer);
    if (!end) {
      this.buffer = final ? '' : this.buffer.slice(-64);
      if (final) {
        this.inPem = false;
      }
      return false;
    }
    this.buffer = this.buffer.slice(end.index + end[0].length);
    this.inPem = false;
    return true;
  }

  /** Where the released part ends: after the last newline or before the held tail, never inside a match. */
  private safeCut(findings: readonly Finding[], opts: RedactOptions): number {
    const longestLiteral = Math.max(0, ...(opts.secrets ?? []).map((s) => s.length));
    const hold = Math.max(HOLD, longestLiteral + 1);
    let cut = Math.max(this.buffer.lastIndexOf('\n') + 1, this.buffer.length - hold);
    // A secret value that spans lines may have begun on a line that is complete: hold back as much as it could have shown.
    const longestMultiline = Math.max(0, ...(opts.secrets ?? []).filter((s) => s.includes('\n')).map((s) => s.length));
    if (longestMultiline > 0) {
      cut = Math.min(cut, this.buffer.length - (longestMultiline - 1));
    }
    for (let moved = true; moved; ) {
      moved = false;
      for (const f of findings) {
        if (f.matchStart < cut && f.matchEnd > cut) {
          cut = f.matchStart;
          moved = true;
        }
      }
    }
    return Math.max(0, cut);
  }
}

function redactArg(arg: unknown, opts: RedactOptions): unknown {
  if (typeof arg === 'string') {
    return redactText(arg, opts);
  }
  if (arg instanceof Error) {
    const copy = new Error(redactText(arg.message, opts));
    copy.name = arg.name;
    copy.stack = arg.stack === undefined ? undefined : redactText(arg.stack, opts);
    return copy;
  }
  if (arg !== null && typeof arg === 'object') {
    try {
      // Each string decoded first (JSON escaping would hide a secret from the text), then the text as a whole.
      return redactItem('application/json', JSON.stringify(arg), (t) => redactText(t, opts));
    } catch {
      return '[unserializable]';
    }
  }
  return arg;
}

/** A Logger that redacts every message and argument before passing it on. */
export function redactingLogger(logger: Logger, opts?: RedactOptionsSource): Logger {
  const wrap =
    (level: 'trace' | 'debug' | 'info' | 'warn') =>
    (message: string, ...args: unknown[]): void => {
      const o = resolve(opts);
      logger[level](redactText(message, o), ...args.map((a) => redactArg(a, o)));
    };
  return {
    trace: wrap('trace'),
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: (message: string | Error, ...args: unknown[]): void => {
      const o = resolve(opts);
      logger.error(redactArg(message, o) as string | Error, ...args.map((a) => redactArg(a, o)));
    },
  };
}
