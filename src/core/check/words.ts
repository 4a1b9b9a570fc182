/**
 * A cell's shell text as commands of words with their offsets, for checks that must point at a word.
 * Knows quotes, escapes, `\`-newline continuations, comments and the operators that end a command
 * (newline, `;`, `&`, `&&`, `||`, `|`). The first command of a pipeline is still a command (`aws … | jq`).
 */

export interface Word {
  /** The word as the shell hands it to the program (quotes removed, escapes applied). */
  text: string;
  /** Offsets into the cell's source, [start, end). */
  start: number;
  end: number;
}

export interface CommandWords {
  words: Word[];
  /** True when the shell does more than run one program (pipes, redirections, substitutions). */
  complex: boolean;
}

const OPERATOR_START = new Set([';', '&', '|', '\n']);

class Scanner {
  readonly commands: CommandWords[] = [];
  private words: Word[] = [];
  private complex = false;
  private word: Word | undefined;
  private i = 0;

  constructor(private readonly text: string) {}

  run(): CommandWords[] {
    while (this.i < this.text.length) {
      this.step();
    }
    this.endCommand();
    return this.commands;
  }

  private step(): void {
    const { text } = this;
    const c = text[this.i];
    if (c === '\\' && (text[this.i + 1] === '\n' || (text[this.i + 1] === '\r' && text[this.i + 2] === '\n'))) {
      this.endWord();
      this.i += text[this.i + 1] === '\r' ? 3 : 2;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      this.endWord();
      this.i++;
    } else if (c === '#' && !this.word) {
      const nl = text.indexOf('\n', this.i);
      this.i = nl < 0 ? text.length : nl;
    } else if (OPERATOR_START.has(c)) {
      this.complex ||= c === '|' || c === '&';
      this.endCommand();
      this.i += (c === '&' || c === '|') && text[this.i + 1] === c ? 2 : 1;
    } else {
      this.wordChar(c);
    }
  }

  private wordChar(c: string): void {
    const w = (this.word ??= { text: '', start: this.i, end: this.i });
    if (c === "'") {
      const close = this.text.indexOf("'", this.i + 1);
      const end = close < 0 ? this.text.length : close;
      w.text += this.text.slice(this.i + 1, end);
      this.i = end + 1;
    } else if (c === '"') {
      this.doubleQuoted(w);
    } else if (c === '\\') {
      w.text += this.text[this.i + 1] ?? '';
      this.i += 2;
    } else {
      if ('<>()`'.includes(c) || (c === '$' && this.text[this.i + 1] === '(')) {
        this.complex ||= !(c === '<' && /^<[A-Za-z_][A-Za-z0-9_]*>/.test(this.text.slice(this.i, this.i + 80)));
      }
      w.text += c;
      this.i++;
    }
    w.end = Math.min(this.i, this.text.length);
  }

  private doubleQuoted(w: Word): void {
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') {
      const c = this.text[this.i];
      if (c === '\\' && '"\\$`\n'.includes(this.text[this.i + 1] ?? '')) {
        w.text += this.text[this.i + 1] === '\n' ? '' : this.text[this.i + 1];
        this.i += 2;
      } else {
        this.complex ||= c === '`' || (c === '$' && this.text[this.i + 1] === '(');
        w.text += c;
        this.i++;
      }
    }
    this.i++;
  }

  private endWord(): void {
    if (this.word) {
      this.words.push(this.word);
      this.word = undefined;
    }
  }

  private endCommand(): void {
    this.endWord();
    if (this.words.length > 0) {
      this.commands.push({ words: this.words, complex: this.complex });
    }
    this.words = [];
    this.complex = false;
  }
}

/** Splits a cell's text into commands and words, each word with its offsets. */
export function commandWords(text: string): CommandWords[] {
  return new Scanner(text).run();
}
