import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './paths';

export const INTEGRATION_BUNDLE = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');

/**
 * Bundles test/integration/index.ts (with mocha inside) to CommonJS the extension host can load.
 * mocha's parallel-mode files are only resolved when parallel mode runs, which this never does.
 */
export async function bundleIntegration(): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'test', 'integration', 'index.ts')],
    outfile: INTEGRATION_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  return INTEGRATION_BUNDLE;
}

if (require.main === module) {
  void bundleIntegration().then((f) => console.log(`[bundle] ${f}`));
}
