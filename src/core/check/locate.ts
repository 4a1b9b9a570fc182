/**
 * Cell-relative ranges -> file lines and columns. A cell the parser read keeps its exact lines in its layout,
 * so a column inside an indented fence (a list item's `   `) is the column in the file.
 */
import { asCodeLayout, bodyLines } from '../runbook/layout';
import type { RunbookDocument } from '../runbook/model';
import { cellStartLines } from '../runbook/outline';
import type { CellFinding, CellPosition, Finding } from './finding';

export interface CellPlacement {
  /** 1-based file line of the cell's first source line. */
  line: number;
  /** Per source line: how many characters the file has before it (list indentation, `> `); computed when asked. */
  indent(): number[];
}

export function cellPlacements(doc: RunbookDocument): CellPlacement[] {
  const starts = cellStartLines(doc);
  return doc.cells.map((cell, i) => {
    const layout = asCodeLayout(cell.layout);
    if (cell.kind !== 'code' || !layout) {
      return { line: starts[i], indent: () => [] };
    }
    let indent: number[] | undefined;
    return {
      line: starts[i] + 1,
      indent: () => {
        if (indent) {
          return indent;
        }
        const source = cell.source.split('\n');
        const body = bodyLines(layout, cell.source) ?? [];
        return (indent ??= source.map((l, k) => (body[k] !== undefined ? Math.max(0, body[k].length - l.length) : layout.prefix.length)));
      },
    };
  });
}

function place(p: CellPlacement | undefined, pos: CellPosition): { line: number; column: number } {
  if (!p) {
    return { line: 1, column: 1 };
  }
  return { line: p.line + pos.line, column: (p.indent()[pos.line] ?? 0) + pos.character + 1 };
}

/** Without placements (an editor), line and column are the cell's, 1-based. */
export function locate(file: string, placements: CellPlacement[] | undefined, f: CellFinding): Finding {
  const p = placements ? placements[f.cell] : { line: 1, indent: () => [] };
  const start = place(p, f.range.start);
  const end = place(p, f.range.end);
  const { cell, range, ...rest } = f;
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, ...rest, cell, range };
}
