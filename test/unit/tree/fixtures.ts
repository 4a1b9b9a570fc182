import type { ExecutionSummary, RunbookDocument, RunbookOutline } from '../../../src/core/runbook/model';

/** A hand-built outline of runbooks/dr-runbook.md (cell indexes as the serializer splits it). */
export function drOutline(): RunbookOutline {
  return {
    title: 'Disaster Recovery Runbook',
    regions: { primary: 'af-south-1', dr: 'eu-west-1' },
    rto: { text: '4 hours', minutes: 240 },
    rpo: { text: '1 hour', minutes: 60 },
    phases: [
      { title: 'Phase 1: Assessment', level: 3, budgetMinutes: 15, headingCell: 1, cellIndexes: [2], line: 33 },
      { title: 'Phase 2: Data Verification', level: 3, budgetMinutes: 30, headingCell: 3, cellIndexes: [4, 6], line: 50 },
      { title: 'Phase 3: DNS Failover', level: 3, budgetMinutes: 15, headingCell: 7, cellIndexes: [8, 10], line: 64 },
      { title: 'Phase 4: Verification', level: 3, budgetMinutes: 30, headingCell: 11, cellIndexes: [], line: 80 },
    ],
    checklists: [
      {
        section: 'Prerequisites',
        items: [
          { text: 'AWS CLI configured with appropriate credentials', checked: false, line: 15, cellIndex: 0, lineInCell: 14 },
          { text: 'Access to both primary and DR regions', checked: true, line: 16, cellIndex: 0, lineInCell: 15 },
        ],
      },
      {
        section: 'Post-Incident',
        items: [{ text: 'Complete incident report', checked: false, line: 120, cellIndex: 12, lineInCell: 3 }],
      },
    ],
    decisionMatrix: [
      { scenario: 'Primary region partial degradation', action: 'Monitor, no failover' },
      { scenario: 'Primary region complete outage', action: 'Initiate failover' },
      { scenario: 'RDS failure', action: 'Wait for RDS auto-recovery (15 min)' },
      { scenario: 'ECS cluster failure', action: 'Initiate failover' },
    ],
    variables: {},
    frontmatter: {},
  };
}

export const T0 = Date.parse('2026-11-29T03:00:00.000Z');

export function summary(startOffsetMs: number, durationMs: number, success = true): ExecutionSummary {
  return { startTime: new Date(T0 + startOffsetMs).toISOString(), durationMs, success };
}

/** A record document with 13 cells; cell 0 holds the prerequisites at lines 14-15, cell 12 the post-incident list. */
export function drRecord(executions: Record<number, ExecutionSummary>, ticks: { cell: number; line: number }[] = []): RunbookDocument {
  const cells: RunbookDocument['cells'] = Array.from({ length: 13 }, (_, i) => ({
    kind: [2, 4, 6, 8, 10].includes(i) ? 'code' : 'markup',
    language: [2, 4, 6, 8, 10].includes(i) ? 'bash' : 'markdown',
    source: 'text',
    outputs: [],
    execution: executions[i],
  }));
  const prereq = Array.from({ length: 14 }, () => 'intro').concat(['- [ ] AWS CLI configured with appropriate credentials', '- [x] Access to both primary and DR regions']);
  cells[0].source = prereq.join('\n');
  cells[12].source = ['## Post-Incident', '', 'x', '- [ ] Complete incident report'].join('\n');
  for (const t of ticks) {
    const lines = cells[t.cell].source.split('\n');
    lines[t.line] = lines[t.line].replace('[ ]', '[x]');
    cells[t.cell].source = lines.join('\n');
  }
  return { cells };
}
