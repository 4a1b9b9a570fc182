/** Every id the extension registers with VS Code. */
/** Opens `*runbook*.md` and `runbooks/**.md` by default. */
export const NOTEBOOK_TYPE = 'runbook';
/** The same notebook for any other markdown file, offered through "Open With…" only. */
export const NOTEBOOK_TYPE_ANY = 'runbook-markdown';
export const NOTEBOOK_TYPES = [NOTEBOOK_TYPE, NOTEBOOK_TYPE_ANY] as const;
/** Cell and notebook metadata key holding the serializer's layout and a code cell's fence language. */
export const METADATA_KEY = 'runbook';
/** Output metadata key holding the ExecutionSummary the kernel wrote (read back by the serializer). */
export const EXECUTION_METADATA_KEY = 'runbookExecution';
export const CONTROLLER_ID = 'runbook-kernel';
export const CONFIG_SECTION = 'runbooks';
export const RENDERER_ID = 'runbook-checklist-renderer';
export const LOG_CHANNEL = 'Runbooks';

export const COMMANDS = {
  openAsRunbook: 'runbooks.openAsRunbook',
  runPhase: 'runbooks.runPhase',
  revealPhase: 'runbooks.revealPhase',
  toggleChecklistItem: 'runbooks.toggleChecklistItem',
  refreshHealth: 'runbooks.refreshHealth',
  /** Returns the three sidebar models as JSON (integration tests read the trees through it). */
  getSidebarState: 'runbooks.getSidebarState',
  saveIncidentRecord: 'runbooks.saveIncidentRecord',
  restoreSession: 'runbooks.restoreSession',
  setVariable: 'runbooks.setVariable',
  clearVariables: 'runbooks.clearVariables',
  showIdentity: 'runbooks.showIdentity',
  /** Run / Cancel the change shown in a now-against-after diff editor (its title bar). */
  runChange: 'runbooks.runChange',
  cancelChange: 'runbooks.cancelChange',
  /** Static and live `runbook check` of the active runbook, shown as diagnostics; resolves to the findings. */
  checkRunbook: 'runbooks.checkRunbook',
  /** Run a phase (a Phases row, `{ notebookUri, phaseTitle }`) or the whole runbook on AWS Step Functions. */
  runOnStepFunctions: 'runbooks.runOnStepFunctions',
  /** Approve / Reject a request waiting in the execution (a Step Functions row). */
  approveEngine: 'runbooks.approveEngineStep',
  rejectEngine: 'runbooks.rejectEngineStep',
  /** Run a local step (dig, shell) the execution waits on here, `{ notebookUri, engineState }` (the prompt's Run). */
  runEngineLocal: 'runbooks.runEngineLocalStep',
  /** Returns the Step Functions view's rows and the followed execution as JSON (integration tests). */
  getEngineState: 'runbooks.getEngineState',
} as const;

/** The diagnostic collection and source of `runbook check` findings. */
export const DIAGNOSTIC_SOURCE = 'runbook check';

/** The read-only documents of a change's diff editor (now / after). */
export const CHANGE_SCHEME = 'runbook-change';

export const VIEWS = {
  container: 'runbooks',
  phases: 'runbooks.phases',
  checklists: 'runbooks.checklists',
  regionHealth: 'runbooks.regionHealth',
  engine: 'runbooks.stepFunctions',
} as const;

/** Setting (under CONFIG_SECTION): Run on Step Functions compiles dig and shell cells as local steps (`--local`). */
export const ENGINE_LOCAL_SETTING = 'engine.local';

/** workspaceState key: notebook URI -> the ARN of the Step Functions execution it follows (reattach on reopen). */
export const ENGINE_EXECUTIONS_KEY = 'runbooks.engineExecutions';

/** The status bar item that shows the AWS identity cells run as. */
export const IDENTITY_STATUS_ID = 'runbooks.identity';

