/**
 * The safety policy: which operations only read (run without asking) and which change something or
 * hand out credentials (confirmed first). Pure: no SDK, no translator; tested in policy.test.ts.
 */
import type { AwsServiceName } from './sdkModules';

const READ_PREFIXES = ['describe-', 'get-', 'list-', 'head-', 'batch-get-', 'test-', 'validate-', 'lookup-', 'check-', 'estimate-', 'select-'];

/** Operations that read although their names do not say so. */
const READ_ONLY_EXTRA = new Set([
  'dynamodb.query', 'dynamodb.scan', 'sts.decode-authorization-message', 'iam.simulate-principal-policy',
  // The CLI's own commands that only read (its local configuration, or a bucket listing).
  's3.ls', 'configure.get', 'configure.list', 'configure.list-profiles',
]);

/**
 * Operations whose names look read-only but that change something or hand out credentials (whose
 * output would land in a cell, a journal and a record), so they are confirmed. STS's token and
 * credential calls are checked against the client's operations in test/unit/aws/policy.test.ts; the
 * rest guard the AWS CLI fallback (`test-invoke-*` and `test-state` run the real integration).
 */
const MUTATING_EXTRA = new Set(['rds.generate-db-auth-token', 'apigateway.test-invoke-method', 'apigateway.test-invoke-authorizer', 'iot.test-invoke-authorizer', 'stepfunctions.test-state']);
const SENSITIVE = /(^|-)(token|credentials?|password)(-|$)/;

/** Whether an operation only reads (so runs without a confirmation). */
export function isReadOnly(service: AwsServiceName | string, operation: string): boolean {
  const key = `${service}.${operation}`;
  if (MUTATING_EXTRA.has(key) || SENSITIVE.test(operation)) {
    return false;
  }
  return READ_ONLY_EXTRA.has(key) || READ_PREFIXES.some((p) => operation.startsWith(p));
}
