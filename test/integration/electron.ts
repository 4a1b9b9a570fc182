/**
 * `npm run test:electron`: the same integration suite in a desktop VS Code downloaded by
 * @vscode/test-electron (needs network access to the VS Code CDN, so not part of CI on these machines).
 * Starts and seeds its own moto, runs the trusted suite then the untrusted one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleIntegration } from '../harness/bundle';
import { awsEnv, buildExtension, extensionSettings, makeWorkspace, startSeededMoto, writeTestContext, type SeededMoto } from '../harness/environment';
import { REPO_ROOT } from '../harness/paths';
import { makeTempDir, removeTempDir } from '../harness/processes';

async function runSuite(suite: 'trusted' | 'untrusted', seeded: SeededMoto, bundle: string): Promise<void> {
  const scratch = makeTempDir('runbook-electron-');
  const workspace = makeWorkspace();
  const ud = path.join(scratch, 'user-data');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  const settings = {
    ...extensionSettings(seeded),
    'security.workspace.trust.enabled': suite === 'untrusted',
    'security.workspace.trust.startupPrompt': 'never',
  };
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  try {
    await runTests({
      version: process.env.RUNBOOK_VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: bundle,
      launchArgs: [workspace, `--user-data-dir=${ud}`, `--extensions-dir=${path.join(scratch, 'exts')}`, '--disable-extensions'],
      extensionTestsEnv: {
        ...awsEnv(seeded.endpoint, scratch),
        RUNBOOK_TEST_SUITE: suite,
        RUNBOOK_TEST_CONTEXT: writeTestContext(scratch, seeded.endpoint, seeded.estate),
      },
    });
  } finally {
    removeTempDir(workspace);
    removeTempDir(scratch);
  }
}

async function main(): Promise<void> {
  buildExtension();
  const bundle = await bundleIntegration();
  const seeded = await startSeededMoto();
  try {
    await runSuite('trusted', seeded, bundle);
    await runSuite('untrusted', seeded, bundle);
  } finally {
    await seeded.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`[test:electron] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
