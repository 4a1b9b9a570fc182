/**
 * The integration suite's entry, loaded by a real extension host (code-server's, through the workbench
 * `payload`, or a desktop VS Code's through @vscode/test-electron). VS Code calls `run()`; a rejection
 * means failure. Bundled to out/test/integration/index.js with mocha inside (see test/harness/bundle.ts).
 */
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { defineCheckSuite } from './checkSuite';
import { defineEngineSuite } from './engineSuite';
import { defineEngineLocalSuite } from './engineLocalSuite';
import { revertAndCloseAll } from './helpers';
import { defineIncidentSuite } from './incidentSuite';
import { defineKernelSuite } from './kernelSuite';
import { defineNotebookSuite } from './notebookSuite';
import { defineRestoreSuite } from './restoreSuite';
import { defineSidebarEmptySuite, defineSidebarSuite, defineSidebarUntrustedSuite } from './sidebarSuite';
import { defineUntrustedSuite } from './untrustedSuite';

/** Which suites a run defines: `RUNBOOK_TEST_SUITE=trusted|untrusted` (default trusted). */
const SUITES: Record<string, (() => void)[]> = {
  trusted: [defineNotebookSuite, defineKernelSuite, defineSidebarSuite, defineRestoreSuite, defineIncidentSuite, defineCheckSuite, defineEngineSuite, defineEngineLocalSuite, defineSidebarEmptySuite],
  untrusted: [defineUntrustedSuite, defineSidebarUntrustedSuite],
};

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const which = process.env.RUNBOOK_TEST_SUITE ?? 'trusted';
  const defines = SUITES[which];
  if (!defines) {
    return Promise.reject(new Error(`unknown RUNBOOK_TEST_SUITE ${which}`));
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep: process.env.RUNBOOK_TEST_GREP });
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, `integration:${which}`, mocha);
  for (const define of defines) {
    define();
  }
  after(() => revertAndCloseAll());
  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else if (results.length === 0) {
        // a suite that defines nothing (or a grep that matches nothing) proves nothing: fail, do not pass
        reject(new Error(`no integration test ran (suite ${which}${process.env.RUNBOOK_TEST_GREP ? `, grep ${process.env.RUNBOOK_TEST_GREP}` : ''})`));
      } else {
        resolve();
      }
    });
    // written after every test, so a suite that hangs still reports what it got through
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (t) => {
      results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      writeResults(which, results);
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (t, err: Error) => {
      results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err.stack ?? err.message });
      writeResults(which, results);
    });
  });
}

/** The harness reads this file for the counts; the spec reporter's lines go to the console. */
function writeResults(suite: string, results: TestResult[]): void {
  const file = process.env.RUNBOOK_TEST_RESULTS;
  if (file) {
    fs.writeFileSync(file, JSON.stringify({ suite, results }, null, 2));
  }
}
