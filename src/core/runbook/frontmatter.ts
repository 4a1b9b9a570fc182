/**
 * Frontmatter at the top of a runbook: YAML between `---` lines (closed by `---` or `...`), or TOML between `+++` lines.
 * It is kept verbatim in the document layout; YAML is parsed only when someone asks (the outline).
 */
import { parse as parseYaml } from 'yaml';
import type { FrontmatterLayout } from './layout';

const OPENERS: Record<string, { kind: FrontmatterLayout['kind']; closers: string[] }> = {
  '---': { kind: 'yaml', closers: ['---', '...'] },
  '+++': { kind: 'toml', closers: ['+++'] },
};

const FENCE_AT_COLUMN_0 = /^(`{3,}|~{3,})/;

/** Splits frontmatter off the start of `text` (no BOM); undefined when there is none or it is never closed. */
export function splitFrontmatter(text: string): FrontmatterLayout | undefined {
  const first = /^([-+]{3})[ \t]*(\r\n?|\n)/.exec(text);
  const opener = first ? OPENERS[first[1]] : undefined;
  if (!first || !opener) {
    return undefined;
  }
  const re = /([^\r\n]*)(\r\n?|\n|$)/y;
  re.lastIndex = first[0].length;
  const bodyStart = first[0].length;
  while (re.lastIndex < text.length) {
    const lineStart = re.lastIndex;
    const m = re.exec(text);
    if (!m) {
      break;
    }
    if (opener.closers.includes(m[1].trimEnd())) {
      return { kind: opener.kind, raw: text.slice(0, re.lastIndex), text: text.slice(bodyStart, lineStart) };
    }
    if (FENCE_AT_COLUMN_0.test(m[1])) {
      // No frontmatter holds a fence at column 0 (YAML would need it indented): the opener was never closed.
      // Stopping here also keeps a `---` line inside a later code cell's output from closing it.
      return undefined;
    }
  }
  return undefined;
}

export interface ParsedFrontmatter {
  data: Record<string, unknown>;
  /** Why the frontmatter could not be read (YAML syntax), when it could not. */
  error?: string;
}

/** YAML frontmatter as an object; TOML and unreadable YAML give {} (TOML is kept verbatim, not interpreted). */
export function parseFrontmatter(fm: FrontmatterLayout | undefined): ParsedFrontmatter {
  if (!fm || fm.kind !== 'yaml') {
    return { data: {} };
  }
  try {
    const value: unknown = parseYaml(fm.text);
    return { data: typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {} };
  } catch (e) {
    return { data: {}, error: e instanceof Error ? e.message : String(e) };
  }
}
