/**
 * Reads a cell's text as shell: splits it into commands and each command into argv.
 *
 * `shell-quote` tokenizes (quotes, escapes, `$VAR`/`${VAR}`, operators). What it lacks is done here by a
 * small quote-aware scanner: `\`-newline continuations, comments (a `#` that starts a word), several
 * commands in one cell (newline, `;`, `&&`), line numbers, `<UPPER_SNAKE>` placeholders (words, never
 * redirections), and telling a simple command (what the kernel may run in-process) from one only a
 * real shell can run (pipes, redirections, subshells, `$(...)`, backticks, `||`, `&`, a leading `~`,
 * `${VAR:-x}` forms, unterminated quotes). Glob characters stay literal, as bash leaves a pattern that
 * matches nothing (JMESPath `Items[*]`); unlike bash, an expanded value is not word-split.
 */
import { parse as shellParse } from 'shell-quote';
import { isPlaceholderName } from '../kernel/placeholders';

export interface ShellCommand {
  argv: string[];
  /** The command's original text (continuations kept, trailing comment dropped). */
  text: string;
  /** 0-based line in the cell where the command starts. */
  line: number;
  /** True when the command needs no shell: no pipes, redirections, subshells or other control operators. */
  simple: boolean;
  /** The operator that ended this command: '\n', ';', '&&', or '' for the cell's last command. */
  separator: '\n' | ';' | '&&' | '';
  /** `$VAR`/`${VAR}` names not in the variables map; they stay in argv as `$VAR` for the caller to report. */
  unresolved: string[];
}

interface Segment {
  start: number;
  end: number;
  line: number;
  body: string;
  simple: boolean;
  separator: ShellCommand['separator'];
}

/** A `<NAME>` word; kernel/placeholders.ts says whether it is a placeholder (then a word, never a redirection). */
const ANGLE_WORD = /^<([A-Za-z_][A-Za-z0-9_]*)>/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN_BRACED = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

function atWordStart(body: string): boolean {
  return body === '' || /\s$/.test(body);
}

/** Quote-aware split of the cell into command segments. */
class Splitter {
  readonly segments: Segment[] = [];
  private body = '';
  private start = -1;
  private lastContent = -1;
  private segLine = 0;
  private simple = true;
  private line = 0;
  private i = 0;
  private quote: '' | "'" | '"' = '';

  constructor(private readonly text: string) {}

  run(): Segment[] {
    while (this.i < this.text.length) {
      this.step();
    }
    if (this.quote) {
      this.simple = false;
    }
    this.flush('');
    return this.segments;
  }

  private step(): void {
    const { text } = this;
    const c = text[this.i];
    const n = text[this.i + 1];
    if (c === '\\' && this.quote !== "'") {
      this.backslash(n);
    } else if (this.quote) {
      this.quoted(c, n);
    } else if (c === "'" || c === '"') {
      this.quote = c;
      this.add(c, 1);
    } else if (c === '#') {
      this.hash();
    } else if (c === '\n' || c === ';') {
      this.flush(c);
      this.i += 1;
    } else if (c === '&' && n === '&') {
      this.flush('&&');
      this.i += 2;
    } else {
      this.unquoted(c, n);
    }
  }

  private backslash(n: string | undefined): void {
    const crlf = n === '\r' && this.text[this.i + 2] === '\n';
    if (n === '\n' || crlf) {
      this.i += crlf ? 3 : 2;
      this.line += 1;
      return;
    }
    if (this.quote === '"' && n === '`') {
      // bash reads "\`" as a backtick; shell-quote keeps the backslash, so hand it a quoted backtick.
      this.add(`"'\`'"`, 2);
      return;
    }
    this.add(`\\${n ?? ''}`, n === undefined ? 1 : 2);
  }

  private quoted(c: string, n: string | undefined): void {
    if (c === this.quote) {
      this.quote = '';
    } else if (this.quote === '"' && (c === '`' || (c === '$' && n === '('))) {
      this.simple = false;
    }
    this.add(c, 1);
  }

  private hash(): void {
    if (!atWordStart(this.body)) {
      this.add('\\#', 1);
      return;
    }
    while (this.i < this.text.length && this.text[this.i] !== '\n') {
      this.i += 1;
    }
  }

  private unquoted(c: string, n: string | undefined): void {
    const rest = this.text.slice(this.i);
    const ph = c === '<' ? ANGLE_WORD.exec(rest) : null;
    if (ph && isPlaceholderName(ph[1])) {
      this.add(`'${ph[0]}'`, ph[0].length);
      return;
    }
    const dollarForm = c === '$' && (n === '(' || n === "'" || n === '"' || (n === '{' && !PLAIN_BRACED.test(rest)));
    if ('|&<>()`'.includes(c) || dollarForm) {
      this.simple = false;
    }
    if (c === '~' && atWordStart(this.body)) {
      this.simple = false;
    }
    this.add(c, 1);
  }

  /** Appends `out` to the body, consuming `len` characters of the source. */
  private add(out: string, len: number): void {
    const src = this.text.slice(this.i, this.i + len);
    if (/\S/.test(src)) {
      if (this.start < 0) {
        this.start = this.i;
        this.segLine = this.line;
      }
      this.lastContent = this.i + len;
    }
    this.line += src.split('\n').length - 1;
    if (this.start >= 0 && out !== '\r') {
      this.body += out;
    }
    this.i += len;
  }

  private flush(separator: Segment['separator']): void {
    if (this.start >= 0 && this.body.trim() !== '') {
      this.segments.push({
        start: this.start,
        end: this.lastContent,
        line: this.segLine,
        body: this.body,
        simple: this.simple,
        separator,
      });
    } else if (separator !== '\n' && separator !== '' && this.segments.length > 0) {
      this.segments[this.segments.length - 1].separator = separator;
    }
    if (separator === '\n') {
      this.line += 1;
    }
    this.body = '';
    this.start = -1;
    this.simple = true;
  }
}

function tokenize(body: string, variables: Readonly<Record<string, string>>): { argv: string[]; simple: boolean; unresolved: string[] } {
  const unresolved = new Set<string>();
  const env = (key: string): string => {
    if (Object.prototype.hasOwnProperty.call(variables, key)) {
      return variables[key];
    }
    if (NAME.test(key)) {
      unresolved.add(key);
    }
    return `$${key}`;
  };
  let entries: ReturnType<typeof shellParse>;
  try {
    entries = shellParse(body, env);
  } catch {
    // shell-quote refuses what it cannot read (`${`, "Bad substitution"): only a real shell can say what it means.
    return { argv: body.trim() === '' ? [] : [body.trim()], simple: false, unresolved: [] };
  }
  const argv: string[] = [];
  let simple = true;
  for (const entry of entries) {
    if (typeof entry === 'string') {
      argv.push(entry);
    } else if ('op' in entry && entry.op === 'glob') {
      // Kept literally, as bash does when nothing matches (JMESPath `Items[*]` and the like).
      argv.push(entry.pattern);
    } else if ('op' in entry) {
      simple = false;
      argv.push(entry.op);
    }
  }
  return { argv, simple, unresolved: [...unresolved] };
}

/** Splits a cell's text into commands, expanding `$VAR`/`${VAR}` from `variables`. */
export function parseShellCommands(text: string, variables: Readonly<Record<string, string>> = {}): ShellCommand[] {
  return new Splitter(text).run().map((seg) => {
    const tok = tokenize(seg.body, variables);
    return {
      argv: tok.argv,
      text: text.slice(seg.start, seg.end),
      line: seg.line,
      simple: seg.simple && tok.simple,
      separator: seg.separator,
      unresolved: tok.unresolved,
    };
  });
}
