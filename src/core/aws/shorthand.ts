/**
 * The AWS CLI shorthand syntax: `Key=Value,Key2=Value2`, `Name=x,Values=a,b` (a trailing comma list),
 * explicit lists `[a,b]`, nested `{K=V}`, single/double quoted values. Values stay strings here;
 * translate.ts converts them by the model.
 */
import { RunbookError } from '../errors';

export type ShorthandValue = string | ShorthandValue[] | { [k: string]: ShorthandValue };

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Record<string, ShorthandValue> {
    const out = this.keyvals('');
    if (this.i < this.s.length) {
      this.fail(`unexpected "${this.s[this.i]}"`);
    }
    return out;
  }

  private fail(msg: string): never {
    throw new RunbookError('badValue', `Bad shorthand value "${this.s}": ${msg} at column ${this.i + 1}.`);
  }

  private keyvals(close: string): Record<string, ShorthandValue> {
    const out: Record<string, ShorthandValue> = {};
    for (;;) {
      this.ws();
      if (close && this.s[this.i] === close) {
        return out;
      }
      const key = this.key();
      this.expect('=');
      out[key] = this.values(close);
      this.ws();
      if (this.s[this.i] !== ',') {
        return out;
      }
      this.i++;
    }
  }

  private key(): string {
    const m = /^[A-Za-z0-9_\-.:/@$#]+/.exec(this.s.slice(this.i));
    if (!m || m[0] === '__proto__') {
      this.fail('expected a key');
    }
    this.i += m[0].length;
    return m[0].trim();
  }

  private expect(c: string): void {
    this.ws();
    if (this.s[this.i] !== c) {
      this.fail(`expected "${c}"`);
    }
    this.i++;
  }

  private ws(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\n' || this.s[this.i] === '\t') {
      this.i++;
    }
  }

  /** A value, and any following `,v` items that are not `key=` (the CLI's comma list). */
  private values(close: string): ShorthandValue {
    const first = this.value(close);
    if (typeof first !== 'string') {
      return first;
    }
    const list: string[] = [first];
    while (this.s[this.i] === ',' && !this.nextIsKey()) {
      this.i++;
      list.push(this.scalar(close));
    }
    return list.length === 1 ? first : list;
  }

  private nextIsKey(): boolean {
    return /^,\s*[A-Za-z0-9_\-.:/@$#]+\s*=/.test(this.s.slice(this.i));
  }

  private value(close: string): ShorthandValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '[') {
      this.i++;
      return this.list();
    }
    if (c === '{') {
      this.i++;
      const h = this.keyvals('}');
      this.expect('}');
      return h;
    }
    return this.scalar(close);
  }

  private list(): ShorthandValue[] {
    const out: ShorthandValue[] = [];
    this.ws();
    while (this.s[this.i] !== ']') {
      out.push(this.value(']'));
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
      } else if (this.s[this.i] !== ']') {
        this.fail('expected "," or "]"');
      }
    }
    this.i++;
    return out;
  }

  private scalar(close: string): string {
    this.ws();
    const q = this.s[this.i];
    if (q === '"' || q === "'") {
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) {
        this.fail('unterminated quote');
      }
      const v = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      return v;
    }
    const stop = close ? `,${close}` : ',';
    let v = '';
    while (this.i < this.s.length && !stop.includes(this.s[this.i])) {
      v += this.s[this.i++];
    }
    return v.trim();
  }
}

/** Parses one shorthand string into nested string values. */
export function parseShorthand(s: string): Record<string, ShorthandValue> {
  return new Parser(s).parse();
}

/** Whether a string looks like shorthand (`Key=...`) rather than a plain value. */
export function looksLikeShorthand(s: string): boolean {
  return /^\s*[A-Za-z0-9_\-.:/@$#]+\s*=/.test(s);
}
