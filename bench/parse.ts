/**
 * Our parse and parse+serialize against markdown-it's bare `parse` on the same inputs: the seed runbook, a generated
 * 1 MB runbook, and every markdown file under node_modules. `npx tsx bench/parse.ts` runs it alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { MIME } from '../src/core/runbook/model';
import { writeOutputBlock } from '../src/core/runbook/outputBlock';
import { parseRunbook } from '../src/core/runbook/parse';
import { serializeRunbook } from '../src/core/runbook/serialize';
import { type BenchResult, formatResults, timeIt } from './result';

const ROOT = join(__dirname, '..');

function markdownUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      markdownUnder(path, out);
    } else if (name.endsWith('.md') && st.size > 0) {
      out.push(path);
    }
  }
  return out;
}

/** A runbook of about `bytes` bytes: phases of nested fenced steps, checklists, tables and persisted outputs. */
export function generateRunbook(bytes: number): string {
  const parts = ['# Generated runbook\n\n## DR Strategy\n\n- **Primary Region**: af-south-1\n- **DR Region**: eu-west-1\n\n'];
  let size = parts[0].length;
  for (let phase = 1; size < bytes; phase++) {
    // The output block as this version writes it (a save of the notebook gives it back unchanged).
    const output = writeOutputBlock(
      [{ items: [{ mime: MIME.stdout, data: `cluster-${phase} ACTIVE\n` }] }],
      { startTime: '2026-11-29T03:12:45.120Z', durationMs: phase, success: true, exitCode: 0 },
      '   ',
      '\n',
    ).slice(3, -1);
    const text = [
      `### Phase ${phase}: Step ${phase} (15 minutes)\n`,
      `1. **Verify service ${phase}** with *care* and \`tools\`, see [docs](https://example.com/${phase}).`,
      '   ```bash',
      `   aws ecs describe-clusters --clusters prod-${phase} --region af-south-1`,
      `   aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:tg/${phase} --region af-south-1`,
      '   ```',
      '',
      `   ${output}`,
      '',
      '2. **Notify**',
      '   - Send the incident notification',
      '   - Update the status page\n',
      '| Scenario | Action |\n|----------|--------|\n| Partial degradation | Monitor |\n| Outage | Fail over |\n',
      `- [ ] Checked item ${phase}\n- [x] Done item ${phase}\n\n`,
    ].join('\n');
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

interface Input {
  name: string;
  texts: string[];
  runs: number;
}

type Md = InstanceType<typeof MarkdownIt>;

function measure(input: Input, md: Md, block: Md): BenchResult[] {
  const each = (fn: (t: string) => unknown) => () => {
    for (const t of input.texts) {
      fn(t);
    }
  };
  const bytes = input.texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const rows: [string, { ms: number; cpuMs: number }][] = [
    ['markdown-it parse (bare, default options)', timeIt(each((t) => md.parse(t, {})), input.runs)],
    ['markdown-it parse (block rules only)', timeIt(each((t) => block.parse(t, {})), input.runs)],
    ['our parse', timeIt(each((t) => parseRunbook(t)), input.runs)],
    ['our parse+serialize', timeIt(each((t) => serializeRunbook(parseRunbook(t))), input.runs)],
  ];
  const base = rows[0][1].cpuMs;
  return rows.map(([name, t]) => ({ suite: 'parse', input: input.name, name, ...t, ratio: t.cpuMs / base, bytes }));
}

export async function benchParse(): Promise<BenchResult[]> {
  const seed = readFileSync(join(ROOT, 'runbooks', 'dr-runbook.md'), 'utf8');
  const big = generateRunbook(1024 * 1024);
  const folder = markdownUnder(join(ROOT, 'node_modules')).map((f) => readFileSync(f, 'utf8'));
  const md = new MarkdownIt();
  const block = new MarkdownIt({ html: true });
  block.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
  const inputs: Input[] = [
    { name: 'seed dr-runbook.md x100', texts: Array<string>(100).fill(seed), runs: 30 },
    { name: `generated runbook ${(Buffer.byteLength(big) / 1048576).toFixed(2)} MB`, texts: [big], runs: 15 },
    { name: `node_modules/**/*.md (${folder.length} files)`, texts: folder, runs: 10 },
  ];
  return inputs.flatMap((input) => measure(input, md, block));
}

if (require.main === module) {
  void benchParse().then((r) => console.log(formatResults(r)));
}
