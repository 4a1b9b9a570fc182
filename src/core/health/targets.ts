import { parse as shellParse } from 'shell-quote';
import type { RunbookDocument } from '../runbook/model';

/**
 * What the health checks look at, read out of the runbook's own commands (`aws ecs describe-clusters --clusters
 * prod-cluster`, `aws dynamodb describe-table --table-name bbws-tenants`, `aws s3api get-bucket-replication --bucket
 * bbws-assets --region af-south-1`, `dig wp.kimmyai.io`), with frontmatter `health:` overrides.
 */
export interface HealthTargets {
  clusters: string[];
  tables: string[];
  /** Buckets and, when the command named one, the region they live in. */
  buckets: { name: string; region?: string }[];
  /** Target group ARNs; empty means every target group of the region. */
  targetGroupArns: string[];
  hostedZoneId?: string;
  /** The failover DNS name ("wp.kimmyai.io"). */
  dnsName?: string;
}

const SHELL_LANGUAGES = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'console', 'aws']);

/** The cell's commands, one per string: continuation lines joined, comments dropped. */
export function commandLines(source: string): string[][] {
  const joined = source.replace(/\\\r?\n/g, ' ');
  const out: string[][] = [];
  for (const line of joined.split(/\r?\n/)) {
    const quoted = line.replace(/<([^<>\s'"]+)>/g, "'<$1>'");
    const words = shellParse(quoted, (name) => `$${name}`).flatMap((t) => (typeof t === 'string' ? [t] : []));
    if (words.length > 0) {
      out.push(words);
    }
  }
  return out;
}

function isPlaceholder(v: string): boolean {
  return /^<.*>$/.test(v) || v.includes('$') || v.includes('{{') || v.startsWith('file://');
}

/** `--name v1 v2` -> values up to the next option; placeholders dropped. */
function optionValues(words: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === name) {
      for (let j = i + 1; j < words.length && !words[j].startsWith('--'); j++) {
        out.push(words[j]);
      }
    } else if (words[i].startsWith(`${name}=`)) {
      out.push(words[i].slice(name.length + 1));
    }
  }
  return out.filter((v) => v !== '' && !isPlaceholder(v));
}

function addUnique<T>(list: T[], items: T[], key: (t: T) => string = String): void {
  for (const item of items) {
    if (!list.some((x) => key(x) === key(item))) {
      list.push(item);
    }
  }
}

function collectAws(words: string[], t: HealthTargets): void {
  const service = words[1];
  const region = optionValues(words, '--region')[0];
  if (service === 'ecs') {
    addUnique(t.clusters, [...optionValues(words, '--clusters'), ...optionValues(words, '--cluster')]);
  } else if (service === 'dynamodb') {
    addUnique(t.tables, optionValues(words, '--table-name'));
  } else if (service === 's3api') {
    addUnique(t.buckets, optionValues(words, '--bucket').map((name) => ({ name, region })), (b) => b.name);
  } else if (service === 'elbv2') {
    addUnique(t.targetGroupArns, [...optionValues(words, '--target-group-arn'), ...optionValues(words, '--target-group-arns')]);
  } else if (service === 'route53') {
    t.hostedZoneId ??= optionValues(words, '--hosted-zone-id')[0]?.replace(/^\/hostedzone\//, '');
  }
}

function collectDig(words: string[], t: HealthTargets): void {
  const name = words.slice(1).find((w) => !w.startsWith('@') && !w.startsWith('+') && !w.startsWith('-') && w.includes('.') && !isPlaceholder(w));
  t.dnsName ??= name?.replace(/\.$/, '');
}

/** Reads the targets out of the runbook's code cells. */
export function targetsFromDocument(doc: RunbookDocument): HealthTargets {
  const t: HealthTargets = { clusters: [], tables: [], buckets: [], targetGroupArns: [] };
  for (const cell of doc.cells) {
    if (cell.kind !== 'code' || !SHELL_LANGUAGES.has(cell.language)) {
      continue;
    }
    for (const words of commandLines(cell.source)) {
      if (words[0] === 'aws') {
        collectAws(words, t);
      } else if (words[0] === 'dig' || words[0] === 'nslookup' || words[0] === 'host') {
        collectDig(words, t);
      }
    }
  }
  return t;
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === 'string' && v !== '') {
    return [v];
  }
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : undefined;
}

/**
 * Frontmatter `health:` wins per key: `{ clusters, tables, buckets, targetGroupArns, hostedZoneId, dnsName }`.
 * `buckets` may map region -> bucket (`{ af-south-1: bbws-assets, eu-west-1: bbws-assets-dr }`).
 */
export function withOverrides(t: HealthTargets, frontmatter: Record<string, unknown>): HealthTargets {
  const h = frontmatter.health;
  if (!h || typeof h !== 'object' || Array.isArray(h)) {
    return t;
  }
  const o = h as Record<string, unknown>;
  const buckets = o.buckets && typeof o.buckets === 'object' && !Array.isArray(o.buckets)
    ? Object.entries(o.buckets as Record<string, unknown>).flatMap(([region, name]) => (typeof name === 'string' ? [{ name, region }] : []))
    : strings(o.buckets)?.map((name) => ({ name }));
  return {
    clusters: strings(o.clusters) ?? t.clusters,
    tables: strings(o.tables) ?? t.tables,
    buckets: buckets ?? t.buckets,
    targetGroupArns: strings(o.targetGroupArns) ?? t.targetGroupArns,
    hostedZoneId: strings(o.hostedZoneId)?.[0] ?? t.hostedZoneId,
    dnsName: strings(o.dnsName)?.[0] ?? t.dnsName,
  };
}
