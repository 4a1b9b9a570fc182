/** Findings as people read them: one line each (file:line:col severity rule message), JSON, or SARIF 2.1.0. */
import { type Finding, SEVERITY_ORDER } from './finding';
import { RULES } from './rules';
import { escapeUntrusted } from '../untrustedText';

/** One line: the message quotes the runbook's words and AWS's answers, so its control and bidi characters are escaped. */
export function humanLine(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${escapeUntrusted(f.message, { max: Infinity })}`;
}

export function humanReport(findings: readonly Finding[], files: number): string {
  const lines = findings.map(humanLine);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(`${files} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0: one run, the rules this tool knows, one result per finding (paths as given, relative to `root`). */
export function sarifReport(findings: readonly Finding[]): object {
  const rules = [...RULES.values()];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'runbook check',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              ...(r.helpUri ? { helpUri: r.helpUri } : {}),
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: rules.findIndex((r) => r.id === f.rule),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.why ? `${f.message} ${f.why}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.column) },
              },
            },
          ],
        })),
      },
    ],
  };
}

export function worstSeverity(findings: readonly Finding[]): number {
  return Math.max(-1, ...findings.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
}
