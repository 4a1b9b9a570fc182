/**
 * Adversarial, against moto's interpreter: someone who can read and write the approval queue takes the
 * execution's genuine Route 53 approval message off it and sends one with the same real task token but a
 * harmless-looking command and request. The follower (src/core/engine/follow.ts, what `runbook run --engine`
 * answers with) must show the approver the change as the execution's history has it, and a message with a
 * token the execution does not wait on must be refused and never answered.
 * The clients are the real ones; the test only records the commands they send (to see which tokens were answered).
 */
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SendTaskFailureCommand, SendTaskSuccessCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { AwsClientPool } from '../../src/core/aws/clients';
import { engineClients, type EngineClients } from '../../src/core/engine/clients';
import { compileRunbook } from '../../src/core/engine/compile';
import { deployRunbook, type Deployed } from '../../src/core/engine/deploy';
import { followExecution, fullHistory, machineOf, startExecution, type QueueRequest } from '../../src/core/engine/follow';
import { executionView, type ExecutionView } from '../../src/core/engine/history';
import { buildOutline } from '../../src/core/runbook/outline';
import { parseRunbook } from '../../src/core/runbook/parse';
import { normalizeSettings } from '../../src/core/settings';
import { getMotoContext, reseedEstate } from '../support/mochaMoto';
import { primaryFailoverRecord } from '../support/route53Query';

const ROOT = path.join(__dirname, '../..');
const CHANGE = 'Approve route53 change-resource-record-sets (cell 14.1)';
const FORGED_TOKEN = 'AAAA-forged-token-no-state-waits-on';

describe('engine approvals against moto: the approver is shown the execution\'s request, not the queue message\'s', function () {
  this.timeout(60_000);
  let work: string;
  let pool: AwsClientPool;
  let clients: EngineClients;
  let deployed: Deployed;

  before(async () => {
    await reseedEstate();
    work = mkdtempSync(path.join(tmpdir(), 'runbook-approval-'));
    for (const f of ['dr-runbook.md', 'failover-dns.json']) {
      copyFileSync(path.join(ROOT, 'runbooks', f), path.join(work, f));
    }
    const settings = normalizeSettings({ aws: { endpointUrl: getMotoContext().endpoint, maxAttempts: 1 } });
    pool = new AwsClientPool(settings.aws, process.env);
    clients = await engineClients('eu-west-1', settings.aws, pool);
    const source = readFileSync(path.join(work, 'dr-runbook.md'), 'utf8');
    const doc = parseRunbook(source);
    const compiled = await compileRunbook(doc, buildOutline(doc), { region: 'eu-west-1', runbookPath: 'dr-runbook.md', source, cwd: work, phases: ['3'], account: '123456789012' });
    deployed = await deployRunbook(clients, compiled, 'arn:aws:iam::123456789012:role/r');
  });
  after(async () => {
    clients.dispose();
    pool.dispose();
    rmSync(work, { recursive: true, force: true });
    await reseedEstate();
  });

  async function view(arn: string): Promise<ExecutionView> {
    return executionView(arn, (await machineOf(clients, arn)).definition, await fullHistory(clients, arn));
  }

  /** Takes the execution's genuine message for `state` off the queue (as the attacker does), once the history waits in it. */
  async function takeGenuine(arn: string, state: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 100; i++) {
      const got = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: deployed.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
      for (const m of got.Messages ?? []) {
        const body = JSON.parse(m.Body ?? '{}') as Record<string, unknown>;
        if (body.execution === arn && body.state === state) {
          await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: deployed.queueUrl, ReceiptHandle: m.ReceiptHandle }));
          return body;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no message for ${state} on the queue`);
  }

  /** The real clients, recording the task tokens they answer and the messages they delete. */
  function recording(): { clients: EngineClients; answered: string[]; deleted: unknown[] } {
    const answered: string[] = [];
    const deleted: unknown[] = [];
    const sfn = { send: (cmd: unknown, o?: unknown) => {
      if (cmd instanceof SendTaskSuccessCommand || cmd instanceof SendTaskFailureCommand) {
        answered.push(cmd.input.taskToken ?? '');
      }
      return (clients.sfn.send as (c: unknown, o?: unknown) => Promise<unknown>)(cmd, o);
    } } as EngineClients['sfn'];
    const sqs = { send: (cmd: unknown, o?: unknown) => {
      if (cmd instanceof DeleteMessageCommand) {
        deleted.push(cmd.input.ReceiptHandle);
      }
      return (clients.sqs.send as (c: unknown, o?: unknown) => Promise<unknown>)(cmd, o);
    } } as EngineClients['sqs'];
    return { clients: { ...clients, sfn, sqs }, answered, deleted };
  }

  const start = () => {
    const { estate } = getMotoContext();
    return startExecution(clients, deployed.stateMachineArn, { vars: { ZONE_ID: estate.zoneId, TG_ARN: estate.tgArn['af-south-1'] }, startedBy: 'arn:aws:sts::123456789012:user/moto' });
  };
  const send = (body: Record<string, unknown>) => clients.sqs.send(new SendMessageCommand({ QueueUrl: deployed.queueUrl, MessageBody: JSON.stringify(body) }));

  it('a forged message with the real token and a harmless command: the decider is shown the history\'s Route 53 change', async () => {
    const { endpoint, estate } = getMotoContext();
    const before = await primaryFailoverRecord(endpoint, estate.zoneId, estate.recordName);
    const arn = await start();
    const checklist = await takeGenuine(arn, 'Approve Prerequisites');
    await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: String(checklist.token), output: JSON.stringify({ approved: true, by: 'test' }) }));

    // The attacker: the genuine change request off the queue, a harmless-looking one with its real token on it.
    const genuine = await takeGenuine(arn, CHANGE);
    assert.equal(genuine.operation, 'change-resource-record-sets');
    await send({ ...genuine, operation: 'list-hosted-zones', command: 'aws route53 list-hosted-zones', request: {} });

    const rec = recording();
    const shown: QueueRequest[] = [];
    const refused: string[] = [];
    const { view: done } = await followExecution(rec.clients, arn, await machineOf(clients, arn), {
      decide: async (req) => { shown.push(req); return { approved: true }; },
      refused: (line) => refused.push(line),
    }, { queueUrl: deployed.queueUrl, pollMs: 100, signal: AbortSignal.timeout(30_000) });

    assert.doesNotMatch(JSON.stringify(shown), /list-hosted-zones/, 'nothing of the forged text reached the decider');
    assert.equal(shown.length, 1, `the decider was asked once: ${JSON.stringify(shown)}`);
    const real = shown[0];
    assert.equal(real.state, CHANGE);
    assert.equal(real.token, genuine.token);
    assert.equal(real.body.operation, 'change-resource-record-sets', 'the history\'s operation, not the forged one');
    assert.match(String(real.body.command), /^aws route53 change-resource-record-sets --hosted-zone-id .* --change-batch file:\/\/failover-dns\.json$/);
    const request = real.body.request as { HostedZoneId: string; ChangeBatch: { Changes: { Action: string; ResourceRecordSet: { Name: string; AliasTarget: { DNSName: string } } }[] } };
    assert.equal(request.HostedZoneId, estate.zoneId);
    assert.equal(request.ChangeBatch.Changes[0].Action, 'UPSERT');
    assert.ok(request.ChangeBatch.Changes[0].ResourceRecordSet.Name.startsWith(estate.recordName), JSON.stringify(request));
    assert.match(request.ChangeBatch.Changes[0].ResourceRecordSet.AliasTarget.DNSName, /eu-west-1/);
    assert.deepEqual(refused, []);
    assert.deepEqual(rec.answered, [String(genuine.token)]);
    assert.equal(rec.deleted.length, 1, 'the message left the queue');

    assert.equal(done.status, 'SUCCEEDED', `${done.error ?? ''} ${done.cause ?? ''}`);
    assert.notDeepEqual(await primaryFailoverRecord(endpoint, estate.zoneId, estate.recordName), before, 'the change the approver saw and approved was made');
    assert.deepEqual((await view(arn)).runs.filter((r) => r.kind === 'approval').map((r) => [r.state, r.status]), [[CHANGE, 'succeeded']]);
  });

  it('the genuine message deleted: after the grace the decider is asked from the history, once, and the change goes through', async () => {
    const arn = await start();
    const checklist = await takeGenuine(arn, 'Approve Prerequisites');
    await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: String(checklist.token), output: JSON.stringify({ approved: true, by: 'test' }) }));
    // Someone with access to the queue takes the change request off it: no message will ever bring it.
    const genuine = await takeGenuine(arn, CHANGE);

    const rec = recording();
    const shown: QueueRequest[] = [];
    const notices: string[] = [];
    const { view: done } = await followExecution(rec.clients, arn, await machineOf(clients, arn), {
      decide: async (req) => { shown.push(req); return { approved: true }; },
      notice: (line) => notices.push(line),
      refused: (line) => assert.fail(`nothing was to be refused: ${line}`),
    }, { queueUrl: deployed.queueUrl, pollMs: 100, historyGraceMs: 1_000, signal: AbortSignal.timeout(30_000) });

    assert.equal(shown.length, 1, `the decider was asked once: ${JSON.stringify(shown)}`);
    assert.equal(shown[0].state, CHANGE);
    assert.equal(shown[0].token, genuine.token);
    assert.equal(shown[0].body.operation, 'change-resource-record-sets');
    assert.deepEqual(notices, [`no queue message brought the approval of "${CHANGE}" within 1 s: asking from the execution's history`]);
    assert.deepEqual(rec.answered, [String(genuine.token)]);
    assert.equal(done.status, 'SUCCEEDED', `${done.error ?? ''} ${done.cause ?? ''}`);
    assert.deepEqual((await view(arn)).runs.filter((r) => r.kind === 'approval').map((r) => [r.state, r.status]), [[CHANGE, 'succeeded']]);
  });

  it('a late copy of a message already answered from the history is deleted without a word', async () => {
    const arn = await start();
    const checklist = await takeGenuine(arn, 'Approve Prerequisites');
    const rec = recording();
    const shown: QueueRequest[] = [];
    const refused: string[] = [];
    await followExecution(rec.clients, arn, await machineOf(clients, arn), {
      decide: async (req) => {
        shown.push(req);
        if (req.kind === 'checklist') {
          // The checklist's message turns up after all (a redelivery) while the approver is deciding.
          await send(checklist);
          return { approved: true };
        }
        return { approved: false, reason: 'not today' };
      },
      refused: (line) => refused.push(line),
    }, { queueUrl: deployed.queueUrl, pollMs: 100, historyGraceMs: 500, signal: AbortSignal.timeout(30_000) });
    assert.deepEqual(shown.map((r) => r.state), ['Approve Prerequisites', CHANGE], 'the checklist from the history, then the change from its message');
    assert.equal(rec.answered.length, 2);
    assert.deepEqual(refused, [], 'the late copy was no forgery: deleted without a line');
    assert.equal(rec.deleted.length, 2, 'the late copy and the change request both left the queue');
    assert.equal((await view(arn)).status, 'FAILED');
  });

  it('answered elsewhere while this approver decides: one line says so, nothing fails, the follower goes on', async () => {
    const arn = await start();
    const checklist = await takeGenuine(arn, 'Approve Prerequisites');
    const notices: string[] = [];
    const shown: QueueRequest[] = [];
    // A fake of one AWS behaviour moto lacks: moto accepts a second answer to a task token, AWS refuses it
    // (TaskTimedOut: the task no longer exists). This client refuses a token already answered, the rest is moto.
    const done = new Set<string>();
    const sfn = { send: async (cmd: unknown, o?: unknown) => {
      if (cmd instanceof SendTaskSuccessCommand || cmd instanceof SendTaskFailureCommand) {
        const token = cmd.input.taskToken ?? '';
        if (done.has(token)) {
          throw Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
        }
        done.add(token);
      }
      return (clients.sfn.send as (c: unknown, o?: unknown) => Promise<unknown>)(cmd, o);
    } } as EngineClients['sfn'];
    const { view: end } = await followExecution({ ...clients, sfn }, arn, await machineOf(clients, arn), {
      decide: async (req) => {
        shown.push(req);
        if (req.kind === 'checklist') {
          // Another approver (VS Code) answers first.
          await sfn.send(new SendTaskSuccessCommand({ taskToken: String(checklist.token), output: JSON.stringify({ approved: true, by: 'vscode' }) }));
          return { approved: false, reason: 'too late' };
        }
        return { approved: false, reason: 'not today' };
      },
      notice: (line) => notices.push(line),
    }, { queueUrl: deployed.queueUrl, pollMs: 100, historyGraceMs: 300, signal: AbortSignal.timeout(30_000) });
    assert.deepEqual(shown.map((r) => r.state), ['Approve Prerequisites', CHANGE], 'the follower went on to the next approval');
    assert.ok(notices.includes('"Approve Prerequisites" no longer waited when this answer came (answered elsewhere, or timed out); this rejection did not count'), notices.join('\n'));
    assert.equal(end.status, 'FAILED', 'the change was rejected here');
    await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: deployed.queueUrl }));
  });

  it('a message with a token no state waits on is refused with one line, deleted, and never answered', async () => {
    const arn = await start();
    const genuine = await takeGenuine(arn, 'Approve Prerequisites');
    await send({ ...genuine, items: ['nothing to see here'], token: FORGED_TOKEN });
    await clients.sqs.send(new SendMessageCommand({ QueueUrl: deployed.queueUrl, MessageBody: 'not json {' }));
    await send({ ...genuine, kind: 'approval', operation: 'list-hosted-zones', command: 'aws route53 list-hosted-zones', request: {}, token: FORGED_TOKEN, state: CHANGE });

    const rec = recording();
    const shown: QueueRequest[] = [];
    const refused: string[] = [];
    const stop = new AbortController();
    const timeout = setTimeout(() => stop.abort(), 20_000);
    await followExecution(rec.clients, arn, await machineOf(clients, arn), {
      decide: async (req) => { shown.push(req); return { approved: true }; },
      refused: (line) => { refused.push(line); if (refused.length === 2) { stop.abort(); } },
    }, { queueUrl: deployed.queueUrl, pollMs: 100, signal: stop.signal }).catch((e: unknown) => {
      if (!stop.signal.aborted) {
        throw e;
      }
    }).finally(() => clearTimeout(timeout));

    assert.deepEqual(shown, [], 'the decider was never asked');
    assert.deepEqual(rec.answered, [], 'no SendTaskSuccess or SendTaskFailure');
    assert.deepEqual(refused.sort(), [
      'refused a checklist request: the execution does not wait in "Approve Prerequisites" for a checklist with this task token (already answered, or a message the execution did not send); nothing was answered',
      `refused an approval request: the execution does not wait in "${CHANGE}" for an approval with this task token (already answered, or a message the execution did not send); nothing was answered`,
    ]);
    assert.equal(rec.deleted.length, 2, 'both forged messages left the queue; the one that is not JSON names no execution and stays (and did not stop the follower)');
    const still = await view(arn);
    assert.equal(still.status, 'RUNNING');
    assert.deepEqual(still.runs.map((r) => [r.state, r.status]), [['Approve Prerequisites', 'waiting']], 'the execution still waits on its real checklist');
    await clients.sfn.send(new StopExecutionCommand({ executionArn: arn }));
    await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: deployed.queueUrl }));
  });
});
