// Bundles the extension host code, the `runbook` CLI and the notebook renderer with esbuild.
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'out/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'out/cli.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/renderer/checklist.ts'], outfile: 'out/renderer/checklist.js', platform: 'browser', format: 'esm', target: 'es2022' },
  { ...common, entryPoints: ['src/renderer/awsText.ts'], outfile: 'out/renderer/awsText.js', platform: 'browser', format: 'esm', target: 'es2022' },
];

if (production) {
  fs.rmSync('out', { recursive: true, force: true });
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
