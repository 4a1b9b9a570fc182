import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/** The repository's import rules (eslint.imports.mjs) run on a throw-away tree laid out like src/. */
async function lint(files: Record<string, string>): Promise<Map<string, string[]>> {
  const root = mkdtempSync(path.join(tmpdir(), 'runbook-lint-'));
  try {
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true }, include: ['src'] }));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
    const { importRules } = (await import(path.resolve(__dirname, '../../eslint.imports.mjs'))) as { importRules(base: string): Linter.Config[] };
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as Linter.Parser } }, ...importRules(root)] });
    const out = new Map<string, string[]>();
    for (const r of await eslint.lintFiles(['src/**/*.ts'])) {
      out.set(path.relative(root, r.filePath), r.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`));
    }
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('lint: import directions (eslint.imports.mjs)', function () {
  this.timeout(60_000);

  it('an import cycle anywhere in src/ is an error, on each file of the cycle', async () => {
    const out = await lint({
      'src/core/aws/a.ts': "import { b } from './b';\nexport const a = (): number => b + 1;\n",
      'src/core/aws/b.ts': "import { a } from './a';\nexport const b = 1;\nexport const c = a;\n",
      'src/kernel/x.ts': "import { y } from '../tree/y';\nexport const x = y;\n",
      'src/tree/y.ts': "import { x } from '../kernel/x';\nexport const y = 1;\nexport const z = x;\n",
      'src/core/ok.ts': "import { readFileSync } from 'node:fs';\nexport const ok = readFileSync;\n",
    });
    for (const f of ['src/core/aws/a.ts', 'src/core/aws/b.ts', 'src/kernel/x.ts', 'src/tree/y.ts']) {
      assert.ok(out.get(f)?.some((m) => m.startsWith('import-x/no-cycle')), `${f}: ${out.get(f)?.join('; ')}`);
    }
    assert.deepEqual(out.get('src/core/ok.ts'), []);
  });

  it('src/core importing anything outside src/core is an error; node built-ins and packages are fine, and so is a surface importing core', async () => {
    const out = await lint({
      'src/constants.ts': "export const ID = 'runbooks.x';\n",
      'src/cli/io.ts': 'export interface CliIO { out(s: string): void }\n',
      'src/core/a.ts': "import { ID } from '../constants';\nexport const a = ID;\n",
      'src/core/deep/b.ts': "import type { CliIO } from '../../cli/io';\nexport type B = CliIO;\n",
      'src/core/fine.ts': "import * as path from 'node:path';\nimport { a } from './a';\nexport const f = path.join(a);\n",
      'src/cli/main.ts': "import { f } from '../core/fine';\nimport { ID } from '../constants';\nexport const m = f + ID;\n",
    });
    assert.ok(out.get('src/core/a.ts')?.some((m) => m.startsWith('import-x/no-restricted-paths')), out.get('src/core/a.ts')?.join('; '));
    assert.ok(out.get('src/core/deep/b.ts')?.some((m) => m.startsWith('import-x/no-restricted-paths')), out.get('src/core/deep/b.ts')?.join('; '));
    assert.deepEqual(out.get('src/core/fine.ts'), []);
    assert.deepEqual(out.get('src/cli/main.ts'), []);
  });

  it('a surface importing another surface is an error; surfaces importing core and the shared adapters are fine', async () => {
    const out = await lint({
      'src/notebookDocument.ts': 'export const doc = 1;\n',
      'src/core/model.ts': 'export const model = 2;\n',
      'src/kernel/controller.ts': "import { doc } from '../notebookDocument';\nimport { model } from '../core/model';\nexport const controller = doc + model;\n",
      'src/engineUi/register.ts': "import { controller } from '../kernel/controller';\nexport const ui = controller;\n",
      'src/tree/registerTrees.ts': "import { doc } from '../notebookDocument';\nexport const trees = doc;\n",
      'src/extension.ts': "import { ui } from './engineUi/register';\nimport { trees } from './tree/registerTrees';\nexport const all = [ui, trees];\n",
    });
    assert.ok(out.get('src/engineUi/register.ts')?.some((m) => m.startsWith('import-x/no-restricted-paths') && m.includes('Surfaces never import each other')), out.get('src/engineUi/register.ts')?.join('; '));
    for (const fine of ['src/kernel/controller.ts', 'src/tree/registerTrees.ts', 'src/extension.ts']) {
      assert.deepEqual(out.get(fine), [], fine);
    }
  });
});
