import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareChange, type ChangeRequest } from '../../../src/core/confirm/change';
import { unifiedDiff } from '../../../src/core/confirm/diff';
import { itemAfter, parseUpdateExpression } from '../../../src/core/confirm/dynamodb';
import { comparisonText, confirmSummary } from '../../../src/core/confirm/summary';
import { REPO_ROOT } from '../../harness/paths';

const batch = JSON.parse(readFileSync(path.join(REPO_ROOT, 'runbooks', 'failover-dns.json'), 'utf8')) as unknown;
const alias = (zone: string, region: string) => ({ HostedZoneId: zone, DNSName: `bbws-alb-1.${region}.elb.amazonaws.com`, EvaluateTargetHealth: true });
/** The estate's record sets as ListResourceRecordSets returns them: PRIMARY on af-south-1, SECONDARY on eu-west-1. */
const seedSets = [
  { Name: 'wp.kimmyai.io.', Type: 'A', SetIdentifier: 'primary', Failover: 'PRIMARY', AliasTarget: alias('Z268VQBMOI5EKX', 'af-south-1') },
  { Name: 'wp.kimmyai.io.', Type: 'A', SetIdentifier: 'secondary', Failover: 'SECONDARY', AliasTarget: alias('Z32O12XQLNTSW2', 'eu-west-1') },
];
const route53: ChangeRequest = { service: 'route53', operation: 'change-resource-record-sets', input: { HostedZoneId: 'Z1', ChangeBatch: batch } };
const who = { region: 'us-east-1', account: '123456789012', arn: 'arn:aws:iam::123456789012:user/sre' };

describe('confirmation: summary and now against after', () => {
  it('says a Route 53 change batch in plain words, one line per change, the "from" read from AWS', () => {
    const c = compareChange(route53, { source: 'route53 ListResourceRecordSets', state: seedSets });
    assert.deepEqual(c.lines, [
      'UPSERT wp.kimmyai.io A PRIMARY: alias bbws-alb-1.af-south-1… -> bbws-alb-1.eu-west-1…',
      'UPSERT wp.kimmyai.io A SECONDARY: alias bbws-alb-1.eu-west-1… -> bbws-alb-1.af-south-1…',
    ]);
    assert.match(c.nowText, /^wp\.kimmyai\.io A primary:\n\s+AliasTarget:\n\s+DNSName: bbws-alb-1\.af-south-1/);
    assert.match(c.afterText, /^wp\.kimmyai\.io A primary:\n\s+AliasTarget:\n\s+DNSName: bbws-alb-1\.eu-west-1/);
    const diff = comparisonText(c);
    assert.match(diff, /^-.*DNSName: bbws-alb-1\.af-south-1/m);
    assert.match(diff, /^\+.*DNSName: bbws-alb-1\.eu-west-1/m);
  });

  it('applies CREATE and DELETE, and a change to a record that is not there reads "(none)"', () => {
    const input = { HostedZoneId: 'Z1', ChangeBatch: { Changes: [
      { Action: 'DELETE', ResourceRecordSet: seedSets[1] },
      { Action: 'CREATE', ResourceRecordSet: { Name: 'api.kimmyai.io', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.com' }] } },
    ] } };
    const c = compareChange({ ...route53, input }, { source: 'r', state: seedSets });
    assert.deepEqual(c.lines, ['DELETE wp.kimmyai.io A SECONDARY: alias bbws-alb-1.eu-west-1… -> (none)', 'CREATE api.kimmyai.io CNAME: (none) -> x.example.com']);
    assert.doesNotMatch(c.afterText, /secondary/);
    assert.match(c.afterText, /api\.kimmyai\.io/);
  });

  it('ecs update-service: the new desired count and task definition over the service now', () => {
    const now = { cluster: 'prod', service: 'wp', desiredCount: 0, taskDefinition: 'arn:aws:ecs:eu-west-1:1:task-definition/wp:3' };
    const c = compareChange({ service: 'ecs', operation: 'update-service', input: { cluster: 'prod', service: 'wp', desiredCount: 4 } }, { source: 'ecs DescribeServices', state: now });
    assert.deepEqual(c.lines, ['update-service cluster=prod service=wp: desiredCount 0 -> 4']);
    assert.match(c.afterText, /desiredCount: 4/);
    assert.match(c.afterText, /task-definition\/wp:3/);
  });

  it('dynamodb: put, delete, and a simple update expression (SET/REMOVE); anything else says so', () => {
    const now = { pk: { S: 'tenant#1' }, state: { S: 'active' }, old: { N: '1' } };
    const update = { TableName: 't', Key: { pk: { S: 'tenant#1' } }, UpdateExpression: 'SET #s = :s REMOVE old', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':s': { S: 'failover' } } };
    assert.deepEqual(itemAfter('update-item', update, now).item, { pk: { S: 'tenant#1' }, state: { S: 'failover' } });
    assert.equal(itemAfter('delete-item', { TableName: 't', Key: {} }, now).item, null);
    assert.deepEqual(itemAfter('put-item', { TableName: 't', Item: { pk: { S: 'x' } } }, null).item, { pk: { S: 'x' } });
    assert.equal(parseUpdateExpression('SET a = a + :one', {}), undefined);
    assert.equal(parseUpdateExpression('ADD n :one', {}), undefined);
    const c = compareChange({ service: 'dynamodb', operation: 'update-item', input: { ...update, UpdateExpression: 'SET l = list_append(l, :s)' } }, { source: 'dynamodb GetItem', state: now });
    assert.match(c.note ?? '', /not a simple SET\/REMOVE/);
    const put = compareChange({ service: 'dynamodb', operation: 'update-item', input: update }, { source: 'dynamodb GetItem', state: now });
    assert.deepEqual(put.lines, ['update-item TableName=t: old {"N":"1"} -> (none)', 'update-item TableName=t: state {"S":"active"} -> {"S":"failover"}']);
  });

  it('s3 put-object and delete-object: the head now against the object written (or nothing)', () => {
    const head = { ContentLength: 10, ContentType: 'text/html', ETag: '"abc"' };
    const put = compareChange({ service: 's3api', operation: 'put-object', input: { Bucket: 'b', Key: 'k', Body: Buffer.from('hello'), ContentType: 'text/plain' } }, { source: 's3api HeadObject', state: head });
    assert.match(put.afterText, /ContentLength: 5/);
    assert.ok(put.lines.includes('put-object Bucket=b Key=k: ContentType text/html -> text/plain'), put.lines.join('\n'));
    const del = compareChange({ service: 's3api', operation: 'delete-object', input: { Bucket: 'b', Key: 'k' } }, { source: 's3api HeadObject', state: head });
    assert.equal(del.afterText, '(nothing)\n');
  });

  it('no read counterpart: the request alone, and it says so', () => {
    const c = compareChange({ service: 'elbv2', operation: 'modify-listener', input: { ListenerArn: 'arn:l', Port: 443 } }, {});
    assert.match(c.nowText, /No read counterpart for elbv2 modify-listener/);
    assert.match(c.afterText, /Port: 443/);
    assert.deepEqual(c.lines, ['modify-listener ListenerArn=arn:l: Port = 443']);
  });

  it('fits a modal: a dozen short lines, long values shortened, "N more" instead of the rest, never the JSON', () => {
    const changes = Array.from({ length: 9 }, (_, i) => ({ Action: 'UPSERT', ResourceRecordSet: { Name: `h${i}.kimmyai.io`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${'x'.repeat(300)}"` }] } }));
    const c = compareChange({ ...route53, input: { HostedZoneId: 'Z1', ChangeBatch: { Changes: changes } } }, { source: 'r', state: [] });
    const s = confirmSummary({ ...who, service: 'route53', operation: 'change-resource-record-sets', change: c, uncheckedPrerequisites: ['Route 53 hosted zone access', 'DR region ready', 'Team notified', 'Change approved'] });
    assert.ok(s.lines.length <= 12, s.lines.join('\n'));
    assert.ok(s.lines.every((l) => l.length <= 100), s.lines.join('\n'));
    assert.ok(s.lines.some((l) => /… and 4 more line/.test(l)));
    assert.ok(s.lines.some((l) => /Not ticked \(4 prerequisites\)/.test(l)));
    assert.ok(!s.lines.join('\n').includes('{'), 'no JSON in the summary');
    assert.equal(s.message, 'Change AWS: route53 change-resource-record-sets in us-east-1?');
  });

  it('prints a unified diff with hunks and context', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\n';
    const b = 'a\nb\nC\nd\ne\nf\ng\nh\ni\nj\n';
    assert.equal(unifiedDiff(a, b, { before: 'now', after: 'after' }, 1), '--- now\n+++ after\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n@@ -9,1 +9,2 @@\n i\n+j\n');
    assert.equal(unifiedDiff(a, a, { before: 'now', after: 'after' }), '');
  });
});
