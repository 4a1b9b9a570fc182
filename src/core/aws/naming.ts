/**
 * AWS CLI naming: operation and parameter names are the model's names turned kebab-case the way
 * botocore's `xform_name` does it, plus the few renames the CLI makes for the supported services.
 */
import type { AwsServiceName } from './sdkModules';

/** `DescribeDBInstances` -> `describe-db-instances`, `TargetGroupARNs` -> `target-group-arns`. */
export function kebab(name: string): string {
  if (name.includes('-')) {
    return name;
  }
  let n = name;
  const special = /[A-Z]{2,}s$/.exec(n);
  if (special) {
    n = `${n.slice(0, -special[0].length)}-${special[0].toLowerCase()}`;
  }
  n = n.replace(/(.)([A-Z][a-z]+)/g, '$1-$2');
  return n.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** CLI service names that differ from the supported service ids. */
export const SERVICE_ALIASES: Record<string, AwsServiceName> = {
  'elb-v2': 'elbv2',
  'elasticloadbalancingv2': 'elbv2',
  'cw': 'cloudwatch',
};

/** CLI argument renames (service.operation.cli-name -> CLI's name), as the CLI customizes them. */
export const ARG_RENAMES: Record<string, string> = {
  'route53.delete-traffic-policy.version': 'traffic-policy-version',
  'route53.get-traffic-policy.version': 'traffic-policy-version',
  'route53.update-traffic-policy-comment.version': 'traffic-policy-version',
};

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest candidate (prefix/substring matches first), or undefined when nothing is near. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c) - (c.startsWith(word) || c.includes(word) ? word.length / 2 : 0);
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best !== undefined && bestScore <= Math.max(3, word.length / 2) ? best : undefined;
}
