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

/**
 * Makes the CLI bundle ASCII: bin/runbook.js's UTF-8 read of 5 MB then takes the ASCII fast path into a one-byte
 * string, ~8 ms less CPU on a cold start than with two non-ASCII characters in it, which make the whole text two-byte
 * (docs/performance.md). esbuild already escapes strings and templates; what is left sits in regex literals and
 * comments, where `\uXXXX` means the same. A character after a backslash, or on a line with a template (whose raw text
 * an escape would change), is left alone with a warning: the bundle then works as before, only slower to load.
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  const unsafe = [];
  const out = text.replace(/[^\x00-\x7f]/g, (c, at) => {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    if (text[at - 1] === '\\' || line.includes('`')) {
      unsafe.push(`${file}:${text.slice(0, at).split('\n').length}`);
      return c;
    }
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (unsafe.length) {
    console.warn(`build: ${file} stays UTF-8 (non-ASCII where an escape could change the meaning: ${unsafe.join(', ')})`);
    return;
  }
  if (out !== text) {
    fs.writeFileSync(file, out);
  }
}

const CLI = 'out/cli.js';

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b.outfile === CLI ? { ...b, plugins: [{ name: 'ascii', setup: (build) => build.onEnd(() => asciiOnly(CLI)) }] } : b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  asciiOnly(CLI);
}
