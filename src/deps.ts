import type * as vscode from 'vscode';
import type { Logger } from './core/logger';
import type { Settings } from './core/settings';
import type { EngineRuns } from './engineRuns';
import type { ReadinessRegistry } from './readiness';
import type { SessionRegistry } from './sessions';

/** What extension.ts hands to every surface's register function. */
export interface ExtensionDeps {
  context: vscode.ExtensionContext;
  /** The Runbooks log channel, redacting. */
  log: Logger;
  settings: () => Settings;
  sessions: SessionRegistry;
  /** The last `runbook check` of each open runbook (diagnostics write it, Region Health shows it). */
  readiness: ReadinessRegistry;
  /** The executions the Step Functions surface follows (it sets the lookup; the Phases view and the record read it). */
  engineRuns: EngineRuns;
}
