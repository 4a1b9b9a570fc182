/**
 * The checks of one code cell that need nothing but the cell and the values known: aws commands, dig
 * arguments, `bash -n`, an unterminated fence, and the placeholders nothing gives a value to.
 */
import { parseDigArgs } from '../dns/dig';
import { errorMessage } from '../errors';
import { assignedInCell } from '../kernel/variables';
import { findReferences } from '../kernel/placeholders';
import { isRunnableLanguage } from '../kernel/dispatch';
import { asCodeLayout } from '../runbook/layout';
import type { RunbookCell } from '../runbook/model';
import { type AwsUse, checkAwsCommand } from './awsCheck';
import type { CellContext } from './context';
import { type CellFinding, type CellRange, rangeOf } from './finding';
import { rule } from './rules';
import { bashSyntax } from './shellSyntax';
import { commandWords, type CommandWords } from './words';

/** A placeholder with no value, before the document-level pass says which cells need it. */
export interface MissingValue {
  name: string;
  shown: string;
  cell: number;
  range: CellRange;
}

export interface CellCheck {
  findings: CellFinding[];
  uses: AwsUse[];
  missing: MissingValue[];
  /** True when the cell holds commands (what the kernel would run). */
  isCommand: boolean;
  /** The cell has a read-only step (a describe, a dig, a curl): a verification. */
  verifies: boolean;
  /** The cell looks at replication lag (CloudWatch ReplicationLatency, ReplicaLag...). */
  checksLag: boolean;
}

const LAG_CHECK = /ReplicationLatency|ReplicaLag|ReplicationLag|OperationsPendingReplication|BytesPendingReplication|ReplicationStatus|AuroraGlobalDBReplicationLag/;

/** Cells a shell runs as written: checked with `bash -n`. `console` shows prompts and output, `''` may be anything. */
const SHELL_SYNTAX_LANGUAGES = new Set(['bash', 'sh', 'shell', 'zsh', 'shellscript']);
const VERIFY_COMMANDS = new Set(['dig', 'curl', 'nslookup', 'host', 'wget', 'ping']);

function inProcess(commands: CommandWords[]): CommandWords[] {
  return commands.filter((c) => c.words[0]?.text === 'aws' || c.words[0]?.text === 'dig');
}

function make(ctx: CellContext, id: string, range: CellRange, message: string): CellFinding {
  const r = rule(id);
  return { severity: r.severity, rule: id, message, why: r.why, helpUri: r.helpUri, cell: ctx.index, range };
}

/** A cell of no language or `console` is a command only when it holds an aws or dig command. */
export function isCommandCell(cell: RunbookCell, commands: CommandWords[]): boolean {
  const lang = cell.language.trim().toLowerCase();
  if (cell.kind !== 'code' || !isRunnableLanguage(lang)) {
    return false;
  }
  return SHELL_SYNTAX_LANGUAGES.has(lang) || lang === 'aws' ? commands.length > 0 : inProcess(commands).length > 0;
}

export async function checkCell(ctx: CellContext, cell: RunbookCell): Promise<CellCheck> {
  const commands = commandWords(ctx.source);
  const out: CellCheck = { findings: [], uses: [], missing: [], isCommand: isCommandCell(cell, commands), verifies: false, checksLag: LAG_CHECK.test(ctx.source) };
  if (!out.isCommand) {
    return out;
  }
  const layout = asCodeLayout(cell.layout);
  if (layout && layout.close === '' && layout.source === cell.source) {
    out.findings.push(make(ctx, 'unterminated-fence', rangeOf(ctx.source, 0, ctx.source.indexOf('\n') < 0 ? ctx.source.length : ctx.source.indexOf('\n')), `The ${layout.fence} fence is never closed: the rest of the runbook is inside this cell.`));
  }
  for (const cmd of inProcess(commands)) {
    if (cmd.words[0].text === 'aws') {
      const r = await checkAwsCommand(ctx, cmd);
      out.findings.push(...r.findings);
      if (r.use) {
        out.uses.push(r.use);
        out.verifies ||= r.use.readOnly;
      }
    } else {
      out.verifies = true;
      checkDig(ctx, cmd, out);
    }
  }
  out.verifies ||= commands.some((c) => VERIFY_COMMANDS.has(c.words[0].text));
  missingValues(ctx, out);
  if (ctx.options.shellSyntax !== false && SHELL_SYNTAX_LANGUAGES.has(cell.language.trim().toLowerCase())) {
    const err = await bashSyntax(ctx.source);
    if (err) {
      const lines = ctx.source.split('\n');
      const line = Math.min(err.line, lines.length - 1);
      out.findings.push(make(ctx, 'shell-syntax', { start: { line, character: 0 }, end: { line, character: lines[line].length } }, `bash -n: ${err.message}`));
    }
  }
  return out;
}

function checkDig(ctx: CellContext, cmd: CommandWords, out: CellCheck): void {
  if (cmd.words.some((w) => /<[A-Za-z_]\w*>|\$/.test(w.text))) {
    return;
  }
  try {
    parseDigArgs(cmd.words.map((w) => w.text));
  } catch (e) {
    const last = cmd.words[cmd.words.length - 1];
    out.findings.push(make(ctx, 'dig-bad-args', rangeOf(ctx.source, cmd.words[0].start, last.end), errorMessage(e)));
  }
}

function missingValues(ctx: CellContext, out: CellCheck): void {
  const env = ctx.options.env ?? {};
  for (const ref of findReferences(ctx.source)) {
    if (ref.form === 'dollar' || ctx.values.has(ref.name)) {
      continue;
    }
    if (ref.form === 'brace' && (env[ref.name] !== undefined || assignedInCell(ref.name, ctx.source))) {
      continue;
    }
    const shown = ref.form === 'angle' ? `<${ref.name}>` : `\${${ref.name}}`;
    out.missing.push({ name: ref.name, shown, cell: ctx.index, range: rangeOf(ctx.source, ref.start, ref.end) });
  }
}
