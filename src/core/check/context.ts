import type { RunbookOutline } from '../runbook/model';

/** What the static checks may know besides the document: the file, its folder, and the variables given. */
export interface CheckOptions {
  /** The runbook's path as findings show it. */
  file: string;
  /** The runbook's folder: `file://` payloads resolve from here. */
  cwd: string;
  /** Values from settings and `--var` (the frontmatter's are read from the document). */
  variables?: Readonly<Record<string, string>>;
  /** The environment `${NAME}` references may come from (default: none, so a check does not depend on who runs it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Reads a `file://` payload (default node:fs). */
  readFile?(path: string): Promise<Buffer>;
  /** Run `bash -n` over shell cells (default true). */
  shellSyntax?: boolean;
  /** Compute file lines and columns (default true); an editor places findings by cell and skips them. */
  fileLines?: boolean;
  /** Region used when a command names none (settings `runbooks.aws.defaultRegion`). */
  defaultRegion?: string;
}

/** One code cell under check. */
export interface CellContext {
  index: number;
  source: string;
  options: CheckOptions;
  outline: RunbookOutline;
  /** Values known for placeholders: frontmatter, settings, `--var`. */
  values: ReadonlyMap<string, string>;
  /** The region a missing `--region` should name (the phase's: primary in Assessment, DR after). */
  suggestedRegion?: string;
}

/** Every variable value the runbook and the options give, frontmatter first (as the kernel looks them up). */
export function knownValues(outline: RunbookOutline, options: CheckOptions): Map<string, string> {
  const values = new Map<string, string>(Object.entries(options.variables ?? {}));
  for (const [k, v] of Object.entries(outline.variables)) {
    if (v !== '') {
      values.set(k, v);
    }
  }
  return values;
}
