/**
 * Line index over a string, with the same line breaks markdown-it counts (`\r\n`, `\r`, `\n`),
 * so token line maps index straight into it. Offsets point into the original string: slicing is lossless.
 */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.includes('\r')) {
      const re = /\r\n?|\n/g;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        starts.push(m.index + m[0].length);
      }
    } else {
      // The common case, `\n` only: indexOf is several times cheaper than the regex on a first (cold) open.
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
        starts.push(at + 1);
      }
    }
    // A final line break does not open a line (markdown-it counts "a\n" as one line).
    if (starts.length > 1 && starts[starts.length - 1] === text.length) {
      starts.pop();
    }
    if (text.length === 0) {
      starts.pop();
    }
    this.starts = starts;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Offset where line `i` starts (or the text length past the last line). */
  start(i: number): number {
    return i < this.starts.length ? this.starts[i] : this.text.length;
  }

  /** Offset just past line `i`'s line break. */
  end(i: number): number {
    return this.start(i + 1);
  }

  /** Offset where line `i`'s text ends (before its line break). */
  textEnd(i: number): number {
    const end = this.end(i);
    const t = this.text;
    if (end > this.starts[i] && t.charCodeAt(end - 1) === 10) {
      return end >= 2 && t.charCodeAt(end - 2) === 13 && end - 2 >= this.starts[i] ? end - 2 : end - 1;
    }
    if (end > this.starts[i] && t.charCodeAt(end - 1) === 13) {
      return end - 1;
    }
    return end;
  }

  /** Line `i` without its line break. */
  line(i: number): string {
    return this.text.slice(this.starts[i], this.textEnd(i));
  }

  /** Lines [from, to) with their line breaks, exactly as in the text. */
  slice(from: number, to: number): string {
    return this.text.slice(this.start(from), this.start(to));
  }

  isBlank(i: number): boolean {
    const t = this.text;
    for (let k = this.starts[i], end = this.textEnd(i); k < end; k++) {
      const c = t.charCodeAt(k);
      if (c !== 32 && c !== 9) {
        return false;
      }
    }
    return true;
  }

  /** Lines [from, to] (inclusive) without the last line's break, line breaks as `\n`. */
  joined(from: number, last: number): string {
    const raw = this.text.slice(this.starts[from], this.textEnd(last));
    return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  }
}

/** The line break used by the first line that has one; `\n` when none. */
export function detectEol(text: string): '\n' | '\r\n' | '\r' {
  const m = /\r\n?|\n/.exec(text);
  return m ? (m[0] as '\n' | '\r\n' | '\r') : '\n';
}

/** Source text (lines joined by `\n`) written with `eol` line breaks. */
export function withEol(source: string, eol: string): string {
  return eol === '\n' ? source : source.split('\n').join(eol);
}
