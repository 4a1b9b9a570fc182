/**
 * Every `runbook` subcommand reads its arguments through one declaration (src/cli/specs.ts) and one
 * parser/usage printer (src/cli/args.ts): the same table checks each of them, so a subcommand added
 * without a row here fails the first test.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type CommandSpec, helpText, parseCommand, usageErrorLine } from '../../../src/cli/args';
import { main } from '../../../src/cli/main';
import { RUN_ENGINE, SPECS } from '../../../src/cli/specs';
import { captureIO } from '../../support/cliIO';

const ROOT = path.resolve(__dirname, '../../..');
const FILE = 'runbooks/dr-runbook.md';
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:runbook-dr:abc';

/** Each subcommand (and run's engine mode): the words that select it and a valid positional. */
const TABLE: { spec: CommandSpec; words: string[]; positional: string }[] = [
  { spec: SPECS.fmt, words: ['fmt'], positional: FILE },
  { spec: SPECS.cells, words: ['cells'], positional: FILE },
  { spec: SPECS.outline, words: ['outline'], positional: FILE },
  { spec: SPECS.run, words: ['run'], positional: FILE },
  { spec: RUN_ENGINE, words: ['run', '--engine', 'stepfunctions'], positional: FILE },
  { spec: SPECS.check, words: ['check'], positional: FILE },
  { spec: SPECS.health, words: ['health'], positional: FILE },
  { spec: SPECS.compile, words: ['compile'], positional: FILE },
  { spec: SPECS.deploy, words: ['deploy'], positional: FILE },
  { spec: SPECS.attach, words: ['attach'], positional: ARN },
  { spec: SPECS.restore, words: ['restore'], positional: FILE },
];

function label(words: string[]): string {
  return `runbook ${words.join(' ')}`;
}

async function cli(args: string[]): Promise<ReturnType<typeof captureIO> & { code: number }> {
  const io = captureIO(ROOT);
  const code = await main(args, io);
  return Object.assign(io, { code });
}

describe('runbook subcommands: one declaration, one parser, one usage printer', () => {
  it('the table covers every subcommand main dispatches to', () => {
    assert.deepEqual([...new Set(TABLE.map((t) => t.words[0]))].sort(), Object.keys(SPECS).sort());
  });

  for (const { spec, words, positional } of TABLE) {
    describe(label(words), () => {
      it('an unknown flag: exit 2, one stderr line naming the flag and the usage, nothing on stdout', async () => {
        const r = await cli([...words, positional, '--no-such-flag']);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.out, '');
        assert.equal(r.err.split('\n').length, 2, r.err);
        assert.match(r.err, /^runbook \w+: Unknown option '--no-such-flag' /);
        assert.ok(r.err.includes(`usage: runbook ${spec.command} ${spec.usage};`), r.err);
      });

      it('an unknown short flag and a misspelt long one are errors too (the latter with a suggestion)', async () => {
        const short = await cli([...words, positional, '-Z']);
        assert.equal(short.code, 2);
        assert.match(short.err, /Unknown option '-Z'/);
        const name = Object.keys(spec.options)[0];
        if (name) {
          const typo = await cli([...words, positional, `--${name}x`]);
          assert.equal(typo.code, 2, typo.err);
          assert.match(typo.err, new RegExp(`Unknown option '--${name}x' \\(did you mean --${name}\\?\\)`));
        }
      });

      it('--help and -h exit 0 and list every declared option, with its value name', async () => {
        for (const flag of ['--help', '-h']) {
          const r = await cli([...words, flag]);
          assert.equal(r.code, 0, r.err);
          assert.equal(r.err, '');
          assert.ok(r.out.startsWith(`usage: runbook ${spec.command} ${spec.usage}\n`), r.out);
          for (const [name, o] of Object.entries(spec.options)) {
            const shown = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value}` : ''}`;
            assert.ok(r.out.includes(`  ${shown}  `), `${flag} does not list ${shown}:\n${r.out}`);
            if (o.multiple) {
              assert.match(r.out, new RegExp(`${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\n]*(\n {20,}[^\n]*)*; repeatable`));
            }
          }
          assert.match(r.out, /-h, --help +print this help/);
        }
      });

      it('every option the help lists is one the parser accepts', () => {
        for (const [name, o] of Object.entries(spec.options)) {
          const args = [positional, `--${name}`, ...(o.type === 'string' ? ['A=1'] : [])];
          const parsed = parseCommand(spec, args);
          assert.notEqual((parsed.values as Record<string, unknown>)[name], undefined, name);
          assert.deepEqual(parsed.positionals, [positional]);
        }
      });

      it(`a missing ${spec.positionals.name}: exit 2, one line`, async () => {
        const r = await cli(words);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.err.split('\n').length, 2, r.err);
        assert.match(r.err, new RegExp(`^runbook ${spec.command}: ${spec.positionals.name} is missing \\(usage: `));
      });

      it('a string option without its value: exit 2, one line naming the option', async () => {
        const name = Object.entries(spec.options).find(([n, o]) => o.type === 'string' && n !== 'engine')?.[0];
        if (!name) {
          return assert.deepEqual(Object.keys(spec.options).filter((n) => spec.options[n].type === 'string'), []);
        }
        const r = await cli([...words, positional, `--${name}`]);
        assert.equal(r.code, 2, r.err);
        assert.equal(r.err.split('\n').length, 2, r.err);
        assert.match(r.err, new RegExp(`option --${name} needs a value`));
      });
    });
  }

  it('`runbook help COMMAND` prints what `runbook COMMAND --help` prints; `runbook --help` names every command', async () => {
    for (const name of Object.keys(SPECS)) {
      const a = await cli(['help', name]);
      const b = await cli([name, '--help']);
      assert.equal(a.code, 0);
      assert.equal(a.out, b.out);
      assert.equal(a.out, helpText(SPECS[name as keyof typeof SPECS]));
    }
    const all = await cli(['--help']);
    for (const spec of Object.values(SPECS)) {
      assert.ok(all.out.includes(`runbook ${spec.command} ${spec.usage}`), spec.command);
    }
    assert.equal((await cli(['help', 'nope'])).code, 2);
  });

  it('a usage error names its command once, also when a shared helper already did', () => {
    assert.equal(usageErrorLine(SPECS.compile, 'runbook compile: --region is missing'), 'runbook compile: --region is missing (usage: runbook compile FILE [options]; `runbook compile --help` lists the options)\n');
  });

  it('repeatable flags repeat, `--` ends the options, `-o` is --out', () => {
    const run = parseCommand(SPECS.run, [FILE, '--var', 'A=1', '--var=B=2', '--cell', '3', '--cell', '4', '-y']);
    assert.deepEqual(run.values.var, ['A=1', 'B=2']);
    assert.deepEqual(run.values.cell, ['3', '4']);
    assert.equal(run.values.yes, true);
    const fmt = parseCommand(SPECS.fmt, ['--', '--check', '-h']);
    assert.deepEqual(fmt.positionals, ['--check', '-h']);
    assert.equal(fmt.values.check, undefined);
    assert.equal(fmt.help, false);
    assert.equal(parseCommand(SPECS.compile, [FILE, '-oout.json']).values.out, 'out.json');
    assert.equal(parseCommand(SPECS.compile, [FILE, '--var', 'X=1', '-h']).help, true);
  });

  it("README's command block names every declared flag, and no flag that is not declared", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const from = readme.indexOf('```text\nrunbook fmt');
    const block = readme.slice(from, readme.indexOf('\n```\n', from));
    const specs: CommandSpec[] = [...Object.values(SPECS), RUN_ENGINE];
    const declared = new Set(specs.flatMap((s) => Object.entries(s.options).flatMap(([n, o]) => [`--${n}`, ...(o.short ? [`-${o.short}`] : [])])));
    const documented = new Set(block.match(/(?<![\w-])--?[a-z][a-z-]*/g));
    assert.deepEqual([...declared].filter((f) => !documented.has(f)), [], 'declared but not in README');
    assert.deepEqual([...documented].filter((f) => !declared.has(f)), [], 'in README but not declared');
  });

  it('a subcommand module is loaded only when that subcommand runs (`runbook --help` stays cheap)', function () {
    this.timeout(60_000); // a child Node that compiles run.ts and what it imports
    const script = `
      const { main } = require('./src/cli/main.ts');
      const io = { stdout() {}, stderr() {}, cwd: process.cwd(), env: {} };
      const loaded = () => Object.keys(require.cache).filter((k) => /src[\\\\/]cli[\\\\/](?!main|args|specs|io)\\w+\\.ts$/.test(k)).map((k) => require('node:path').basename(k));
      (async () => {
        await main(['--help'], io);
        await main(['help', 'run'], io);
        await main(['run', '--help'], io);
        process.stdout.write(JSON.stringify(loaded()));
      })();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out).sort(), ['awsOptions.ts', 'redactingIO.ts', 'run.ts'], 'only run (and what it imports) was loaded');
  });
});
