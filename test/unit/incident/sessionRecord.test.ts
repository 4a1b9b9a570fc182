import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildIncidentRecord } from '../../../src/core/incident/record';
import { sessionRecordInput } from '../../../src/core/incident/sessionRecord';
import { MIME } from '../../../src/core/runbook/model';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { RunbookSession } from '../../../src/core/session/session';

const RUNBOOK = [
  '---',
  'secrets: [API_KEY_X]',
  'variables:',
  '  REGION_X: af-south-1',
  '---',
  '# DR runbook',
  '',
  '## Phase 1: Assess',
  '',
  '```bash',
  'echo <API_KEY_X>',
  '```',
  '',
].join('\n');

const SETTINGS = { variables: { SETTINGS_PW: 'settings-value-123' }, secretVariables: ['SETTINGS_PW'] };
const ROOT = path.resolve('/work/ops');

describe('incident record input: one builder for the notebook and the CLI (core/incident/sessionRecord.ts)', () => {
  it('names the runbook relative to the base folder; a runbook not on disk by its name, with no git commit', async () => {
    const session = new RunbookSession(path.join(ROOT, 'runbooks/dr.md'), 'sre', 'host-1', 'sess-1');
    const onDisk = await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: path.join(ROOT, 'runbooks/dr.md'), baseDir: ROOT, env: {} });
    assert.equal(onDisk.runbookPath, path.join('runbooks', 'dr.md'));
    assert.equal(onDisk.outline.title, 'DR runbook');
    const untitled = await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: 'untitled:Untitled-1', onDisk: false, baseDir: ROOT, env: {} });
    assert.equal(untitled.runbookPath, 'untitled:Untitled-1');
    assert.equal(untitled.gitCommit, undefined);
  });

  it('a session that never started one (nothing ran in the notebook) gets a start at its first event; a started one is left as it is', async () => {
    const session = new RunbookSession(path.join(ROOT, 'dr.md'), 'sre', 'host-1', 'sess-2');
    session.emit({ type: 'tick', time: '2026-12-03T03:00:05.000Z', cellIndex: 1, lineInCell: 0, text: 'x', checked: true, by: 'sre' });
    const input = await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: path.join(ROOT, 'dr.md'), baseDir: ROOT, env: {}, now: new Date('2026-12-03T03:10:00Z') });
    assert.deepEqual(input.events[0], { type: 'session-start', time: '2026-12-03T03:00:05.000Z', sessionId: 'sess-2', runbookPath: path.join(ROOT, 'dr.md'), operator: 'sre', host: 'host-1' });
    assert.equal(input.events.length, 2);
    assert.equal(session.events.length, 1, 'the session itself is not changed');
    session.events.unshift(input.events[0]);
    const started = await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: path.join(ROOT, 'dr.md'), baseDir: ROOT, env: {} });
    assert.deepEqual(started.events, session.events);
  });

  it('hides every secret either surface knew: frontmatter `secrets:`, settings, names that look secret, session values, credentials', async () => {
    const session = new RunbookSession(path.join(ROOT, 'dr.md'), 'sre', 'host-1', 'sess-3');
    session.variables.set('API_KEY_X', 'frontmatter-named-secret-1'); // secret only because the frontmatter says so (the notebook used to miss it)
    session.variables.set('DB_PASSWORD', 'looks-secret-value-2');
    session.secretValues.add('learned-sensitive-value-3');
    const env = { AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }; // before any cell ran (the notebook used to miss it)
    const input = await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: path.join(ROOT, 'dr.md'), baseDir: ROOT, env });
    const all = ['frontmatter-named-secret-1', 'looks-secret-value-2', 'learned-sensitive-value-3', 'settings-value-123', env.AWS_SECRET_ACCESS_KEY];
    for (const s of all) {
      assert.ok(input.secrets?.includes(s), s);
    }
    assert.ok(!input.secrets?.includes('af-south-1'), 'a variable that is not secret stays visible');
    session.emit({
      type: 'execution', time: '2026-12-03T03:01:00.000Z', cellIndex: 2, source: 'echo <API_KEY_X>',
      execution: { startTime: '2026-12-03T03:00:59.000Z', durationMs: 10, success: true },
      outputs: [{ items: [{ mime: MIME.stdout, data: `${all.join(' ')} af-south-1\n` }] }],
    });
    const text = buildIncidentRecord(await sessionRecordInput({ document: parseRunbook(RUNBOOK), session, settings: SETTINGS, runbookFile: path.join(ROOT, 'dr.md'), baseDir: ROOT, env }));
    for (const s of all) {
      assert.ok(!text.includes(s), `${s} reached the record`);
    }
    assert.ok(text.includes('af-south-1'));
  });
});
