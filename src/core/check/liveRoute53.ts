/** Live check of a Route 53 command: the hosted zone exists, and every record its change batch touches is there. */
import { changesOf, recordKey, type RecordSet } from '../confirm/route53';
import { type CellFinding } from './finding';
import { readCall, type LiveContext } from './liveCall';
import { liveFinding, type UseTarget } from './liveResources';

function zoneWord(t: UseTarget) {
  const ws = t.use.valueWords.get('HostedZoneId');
  return ws?.[0];
}

export async function route53(ctx: LiveContext, t: UseTarget, out: CellFinding[]): Promise<void> {
  const zone = typeof t.use.input.HostedZoneId === 'string' ? t.use.input.HostedZoneId.replace(/^\/hostedzone\//, '') : undefined;
  if (!zone) {
    return;
  }
  const r = await readCall(ctx, 'route53', t.region, 'GetHostedZone', { Id: zone });
  if (!r.ok) {
    const rule = r.kind === 'notFound' ? 'live-missing-resource' : r.kind === 'unreachable' ? 'live-unreachable' : 'live-call-failed';
    out.push(liveFinding(rule, t, zoneWord(t), r.kind === 'notFound' ? `Hosted zone ${zone} does not exist (${r.name}).` : `Hosted zone ${zone}: ${r.name}: ${r.message}`));
    return;
  }
  const batchWords = t.use.valueWords.get('ChangeBatch');
  for (const change of changesOf(t.use.input)) {
    const rrs = change.ResourceRecordSet;
    if (!rrs?.Name || !rrs.Type || change.Action === 'CREATE') {
      continue;
    }
    const list = await readCall<{ ResourceRecordSets?: RecordSet[] }>(ctx, 'route53', t.region, 'ListResourceRecordSets', {
      HostedZoneId: zone,
      StartRecordName: rrs.Name,
      StartRecordType: rrs.Type,
      MaxItems: 100,
    });
    if (!list.ok) {
      out.push(liveFinding('live-call-failed', t, batchWords?.[0], `Records of ${zone}: ${list.name}: ${list.message}`));
      continue;
    }
    const found = (list.value.ResourceRecordSets ?? []).some((x) => recordKey(x) === recordKey(rrs));
    if (!found) {
      const which = `${rrs.Name} ${rrs.Type}${rrs.SetIdentifier ? ` (${rrs.SetIdentifier})` : ''}`;
      const f = liveFinding('live-record-missing', t, batchWords?.[0], `${change.Action ?? 'The change'} of ${which}: no such record in hosted zone ${zone}.`);
      out.push(change.Action === 'DELETE' ? { ...f, severity: 'error' } : f);
    }
  }
}
