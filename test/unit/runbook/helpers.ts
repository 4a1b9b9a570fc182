import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunbookDocument } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { serializeRunbook } from '../../../src/core/runbook/serialize';

export const ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'markdown');

export function roundTrip(text: string): string {
  return serializeRunbook(parseRunbook(text));
}

/** Every `.md` file under `dir`, recursively (sorted, for stable test names). */
export function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...markdownFiles(path));
    } else if (name.endsWith('.md')) {
      out.push(path);
    }
  }
  return out;
}

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A deep copy whose cells can be edited without touching the original. */
export function cloneDoc(doc: RunbookDocument): RunbookDocument {
  return structuredClone(doc);
}

/** The CommonMark spec examples, tabs restored (the spec shows them as →). */
export function commonmarkExamples(): { number: number; section: string; markdown: string }[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spec = require('commonmark-spec') as { tests: { number: number; section: string; markdown: string }[] };
  return spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }));
}

export function commonmarkSpecText(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('commonmark-spec') as { text: string }).text;
}
