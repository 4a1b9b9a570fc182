/**
 * The AWS CLI's `--output table`: sections titled by key (the first by the operation name), scalar
 * keys as column headers, nested values as indented sub-sections, columns scaled to the widest
 * section, and single-row sections turned vertical when wider than the terminal.
 */
/** Python's str() of a JSON scalar, as the CLI's text and table formats print it. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) {
    return 'None';
  }
  if (typeof v === 'boolean') {
    return v ? 'True' : 'False';
  }
  return String(v);
}


interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  indent: number;
  maxWidths: number[];
}

const PADDING = 4;

function newSection(title: string, indent: number): Section {
  return { title, headers: [], rows: [], indent, maxWidths: [] };
}

function track(s: Section, cells: string[]): void {
  cells.forEach((c, i) => {
    s.maxWidths[i] = Math.max(c.length, s.maxWidths[i] ?? 0);
  });
}

function addHeader(s: Section, headers: string[]): void {
  track(s, headers);
  s.headers = headers;
}

function addRow(s: Section, row: unknown[]): void {
  const cells = row.map(pyStr);
  s.rows.push(cells);
  track(s, cells);
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

class TableBuilder {
  readonly sections: Section[] = [];
  private current: Section = newSection('', 0);

  build(title: string | undefined, value: unknown, indent = 0): boolean {
    if (!value || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value).length === 0)) {
      return false;
    }
    if (title !== undefined) {
      this.current = newSection(title, indent);
      this.sections.push(this.current);
    }
    if (Array.isArray(value)) {
      this.fromList(value, indent, title);
    } else if (typeof value === 'object') {
      this.fromDict(value as Record<string, unknown>, indent);
    }
    return true;
  }

  private fromList(list: unknown[], indent: number, title: string | undefined): void {
    if (list[0] !== null && typeof list[0] === 'object' && !Array.isArray(list[0])) {
      this.fromListOfDicts(list as Record<string, unknown>[], indent, title);
      return;
    }
    for (const item of list) {
      if (isScalar(item)) {
        addRow(this.current, [item]);
      } else if (Array.isArray(item) && item.every(isScalar)) {
        addRow(this.current, item);
      } else {
        this.build(undefined, item);
      }
    }
  }

  private fromListOfDicts(list: Record<string, unknown>[], indent: number, title: string | undefined): void {
    const headers = new Set<string>();
    const more = new Set<string>();
    for (const d of list) {
      const [h, m] = groupKeys(d);
      h.forEach((k) => headers.add(k));
      m.forEach((k) => more.add(k));
    }
    const hs = [...headers].sort();
    const ms = [...more].sort();
    addHeader(this.current, hs);
    list.forEach((d, i) => {
      if (i > 0 && ms.length > 0) {
        this.current = newSection(title ?? '', indent);
        this.sections.push(this.current);
        addHeader(this.current, hs);
      }
      addRow(this.current, hs.map((h) => (h in d ? d[h] : '')));
      for (const k of ms) {
        if (k in d) {
          this.build(k, d[k], indent + 1);
        }
      }
    });
  }

  private fromDict(d: Record<string, unknown>, indent: number): void {
    const [headers, more] = groupKeys(d);
    if (headers.length === 1) {
      addRow(this.current, [headers[0], d[headers[0]]]);
    } else if (headers.length > 0) {
      addHeader(this.current, headers);
      addRow(this.current, headers.map((h) => d[h]));
    }
    for (const k of more) {
      this.build(k, d[k], indent + 1);
    }
  }
}

function groupKeys(d: Record<string, unknown>): [string[], string[]] {
  const keys = Object.keys(d);
  return [keys.filter((k) => isScalar(d[k])).sort(), keys.filter((k) => !isScalar(d[k])).sort()];
}

function scaledWidths(s: Section, maxWidth: number): number[] {
  const unscaled = s.maxWidths.map((w) => w + PADDING);
  if (unscaled.length === 0) {
    return unscaled;
  }
  const factor = maxWidth / unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => pyRound(factor * w));
  let off = scaled.reduce((a, b) => a + b, 0) - maxWidth;
  while (off !== 0) {
    const order = [...scaled.keys()];
    if (off < 0) {
      order.reverse();
    }
    for (const i of order) {
      scaled[i] += off > 0 ? -1 : 1;
      off += off > 0 ? -1 : 1;
      if (off === 0) {
        break;
      }
    }
  }
  return scaled;
}

/** Python 3's round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (Math.abs(diff - 0.5) < 1e-9) {
    return f % 2 === 0 ? f : f + 1;
  }
  return Math.round(x);
}

function totalWidth(s: Section): number {
  const cols = s.maxWidths.reduce((a, w) => a + w + PADDING, 0) + 2 + 2 * s.indent;
  return Math.max(s.title.length + 2 + 2 * s.indent, cols);
}

function center(text: string, length: number, left: string, right: string): string {
  const start = Math.floor(length / 2) - Math.floor(text.length / 2) - 1;
  const head = left + ' '.repeat(Math.max(0, start)) + text;
  return head + ' '.repeat(Math.max(0, length - right.length - head.length)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string): string {
  const pad = length - (text.length + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const head = left + ' '.repeat(pad) + text;
  return head + ' '.repeat(Math.max(0, length - head.length - right.length)) + right;
}

function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
}

function renderSection(s: Section, maxWidth: number, out: string[]): void {
  const w = maxWidth - s.indent * 2;
  const bar = '|'.repeat(s.indent);
  const emit = (line: string) => out.push(bar + line + bar);
  if (s.title) {
    emit(center(s.title, w, '|', '|'));
    if (s.headers.length === 0 && s.rows.length === 0) {
      emit(`+${'-'.repeat(w - 2)}+`);
    }
  }
  const widths = scaledWidths(s, w);
  if (s.headers.length > 0) {
    emit(lineBreak(widths));
    emit(s.headers.map((h, i) => center(h, widths[i], i === 0 ? '|' : '', '|')).join(''));
  }
  if (s.rows.length > 0 && widths.length > 0) {
    emit(lineBreak(widths));
    for (const row of s.rows) {
      emit(row.map((c, i) => alignLeft(c, widths[i], i === 0 ? '|' : '', '|')).join(''));
    }
    emit(lineBreak(widths));
  }
}

function toVertical(s: Section): Section {
  if (s.rows.length !== 1 || s.headers.length === 0) {
    return s;
  }
  const v = newSection(s.title, s.indent);
  s.headers.forEach((h, i) => addRow(v, [h, s.rows[0][i]]));
  return v;
}

/** Renders a (queried) result as the CLI's table; nothing for an empty value. */
export function formatTable(data: unknown, title: string, terminalWidth = 80): string {
  const b = new TableBuilder();
  if (!b.build(title, data)) {
    return '';
  }
  let sections = b.sections;
  let maxWidth = Math.max(...sections.map(totalWidth));
  if (maxWidth > terminalWidth) {
    sections = sections.map(toVertical);
    maxWidth = Math.max(...sections.map(totalWidth));
  }
  const out = ['-'.repeat(maxWidth)];
  for (const s of sections) {
    renderSection(s, maxWidth, out);
  }
  return `${out.join('\n')}\n`;
}
