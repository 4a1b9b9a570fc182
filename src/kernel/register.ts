import { registerCommands } from '../commands';
import { COMMANDS } from '../constants';
import type { ExtensionDeps } from '../deps';
import { clearVariables, runPhase, setVariable, showIdentity, type KernelCommandDeps } from './commands';
import { ChangeView } from './changeView';
import { RunbookController } from './controller';
import { NotebookKernels } from './notebookKernels';
import { IdentityStatusBar } from './statusBar';

/** The kernel surface: controllers, per-notebook AWS pools, identity status bar, kernel commands. Returns the controller (the engine UI shows results through it). */
export function registerKernel(deps: ExtensionDeps): RunbookController {
  const statusBar = new IdentityStatusBar();
  const changes = new ChangeView();
  const kernels = new NotebookKernels(deps, statusBar, changes);
  const controller = new RunbookController(kernels, deps.context.extension.id);
  deps.context.subscriptions.push(statusBar, changes, kernels, controller);
  const d: KernelCommandDeps = { controller, kernels, statusBar };
  registerCommands(deps, {
    [COMMANDS.runPhase]: runPhase(d),
    [COMMANDS.setVariable]: setVariable(d),
    [COMMANDS.clearVariables]: clearVariables(d),
    [COMMANDS.showIdentity]: showIdentity(d),
    [COMMANDS.runChange]: (uri?: unknown) => changes.answer(uri, true),
    [COMMANDS.cancelChange]: (uri?: unknown) => changes.answer(uri, false),
  });
  return controller;
}
