/** Reads the seeded failover record straight from moto, to check what a run did (or did not) change. */
import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';

export async function primaryFailoverRecord(endpoint: string, zoneId: string, recordName: string): Promise<ResourceRecordSet | undefined> {
  const r53 = new Route53Client({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    return out.ResourceRecordSets?.find((r) => r.Name === `${recordName}.` && r.Failover === 'PRIMARY');
  } finally {
    r53.destroy();
  }
}
