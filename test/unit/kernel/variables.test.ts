import * as assert from 'node:assert/strict';
import { RunbookError } from '../../../src/core/errors';
import { assignedInCell, resolveCell, setSessionVariable } from '../../../src/core/kernel/variables';
import type { VariableEvent } from '../../../src/core/session/events';
import { emptyOutline, testContext } from './kernelContext';

function variableEvents(events: readonly { type: string }[]): VariableEvent[] {
  return events.filter((e): e is VariableEvent => e.type === 'variable');
}

describe('kernel variables: placeholder resolution', () => {
  it('takes frontmatter first, then the session, then settings', async () => {
    const ctx = testContext({
      outline: emptyOutline({ variables: { A: 'front' } }),
      settings: { variables: { A: 'set', B: 'set', C: 'set' } },
    });
    ctx.session.variables.set('A', 'sess');
    ctx.session.variables.set('B', 'sess');
    const r = await resolveCell('echo <A> <B> <C>', ctx);
    assert.equal(r.shellText, 'echo front sess set');
    assert.equal(ctx.prompts.length, 0);
  });

  it('prompts last, remembers the answer in the session and records it', async () => {
    const ctx = testContext({ answer: (req) => (req.name === 'TG_ARN' ? 'arn:aws:tg/1' : undefined) });
    const r1 = await resolveCell('aws elbv2 describe-target-health --target-group-arn <TG_ARN> --region af-south-1', ctx);
    assert.match(r1.fullText, /--target-group-arn arn:aws:tg\/1 --region/);
    assert.equal(ctx.prompts.length, 1);
    assert.equal(ctx.prompts[0].kind, 'targetGroupArn');
    assert.equal(ctx.prompts[0].region, 'af-south-1');
    await resolveCell('echo <TG_ARN>', ctx);
    assert.equal(ctx.prompts.length, 1, 'asked once per session');
    assert.equal(ctx.session.variables.get('TG_ARN'), 'arn:aws:tg/1');
    const events = variableEvents(ctx.session.events);
    assert.deepEqual(events.map((e) => [e.name, e.value, e.source, e.secret]), [['TG_ARN', 'arn:aws:tg/1', 'prompt', false]]);
  });

  it('a pick list lists the live resources of the profile the cell will run as (the frontmatter\'s)', async () => {
    const ctx = testContext({ outline: emptyOutline({ frontmatter: { profile: 'dr' } }), settings: { aws: { profile: 'default-sre' } }, answer: () => 'Z1' });
    await resolveCell('aws route53 list-resource-record-sets --hosted-zone-id <ZONE_ID>', ctx);
    assert.equal(ctx.prompts[0].profile, 'dr');
  });

  it('never hands back the literal text of an unresolved placeholder', async () => {
    const ctx = testContext({ answer: () => undefined });
    await assert.rejects(resolveCell('aws route53 change-resource-record-sets --hosted-zone-id <ZONE_ID>', ctx), (e: unknown) => {
      assert.ok(RunbookError.is(e, 'unresolvedPlaceholder'));
      assert.match(e.message, /<ZONE_ID>/);
      return true;
    });
  });

  it('asks for ${X} only when nothing (not even the environment or the cell itself) sets it', async () => {
    const ctx = testContext({ env: { HOME: '/root' }, answer: (req) => `v-${req.name}` });
    const r = await resolveCell('echo ${HOME} ${NEED}; X=1; echo ${X}; for Y in a; do echo ${Y}; done', ctx);
    assert.deepEqual(ctx.prompts.map((p) => p.name), ['NEED']);
    assert.match(r.fullText, /echo \$\{HOME\} v-NEED;/);
    assert.equal(r.env.NEED, 'v-NEED');
  });

  it('records a secret by name only and hands its value to the redactor', async () => {
    const ctx = testContext({
      settings: { secretVariables: ['DB_PASSWORD'] },
      answer: () => 'hunter2-secret',
    });
    const r = await resolveCell('psql --password <DB_PASSWORD>', ctx);
    assert.deepEqual(r.secretValues, ['hunter2-secret']);
    assert.equal(ctx.prompts[0].secret, true);
    const [ev] = variableEvents(ctx.session.events);
    assert.equal(ev.secret, true);
    assert.equal('value' in ev, false);
    assert.ok(!JSON.stringify(ctx.session.events).includes('hunter2-secret'));
  });

  it('treats frontmatter `secrets:` as secret names', async () => {
    const ctx = testContext({ outline: emptyOutline({ frontmatter: { secrets: ['TOKEN'] } }) });
    setSessionVariable(ctx, 'TOKEN', 'tok-123456', 'cli');
    const r = await resolveCell('echo <TOKEN>', ctx);
    assert.deepEqual(r.secretValues, ['tok-123456']);
    assert.ok(!JSON.stringify(ctx.session.events).includes('tok-123456'));
  });

  it('records frontmatter and settings values once', async () => {
    const ctx = testContext({ outline: emptyOutline({ variables: { A: '1' } }), settings: { variables: { B: '2' } } });
    await resolveCell('echo <A> <B>', ctx);
    await resolveCell('echo <A> <B>', ctx);
    assert.deepEqual(variableEvents(ctx.session.events).map((e) => [e.name, e.source]), [['A', 'frontmatter'], ['B', 'settings']]);
  });

  it('sees assignments a cell makes itself', () => {
    assert.equal(assignedInCell('X', 'X=1 cmd'), true);
    assert.equal(assignedInCell('X', 'read -r X'), true);
    assert.equal(assignedInCell('X', 'echo $X'), false);
  });
});
