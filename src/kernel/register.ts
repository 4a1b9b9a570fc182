import { registerCommands } from '../commands';
import { COMMANDS } from '../constants';
import type { ExtensionDeps } from '../deps';
import { clearVariables, runPhase, setVariable, showIdentity, type KernelCommandDeps } from './commands';
import { RunbookController } from './controller';
import { NotebookKernels } from './notebookKernels';
import { IdentityStatusBar } from './statusBar';

/** The kernel surface: controllers, per-notebook AWS pools, identity status bar, kernel commands. */
export function registerKernel(deps: ExtensionDeps): void {
  const statusBar = new IdentityStatusBar();
  const kernels = new NotebookKernels(deps, statusBar);
  const controller = new RunbookController(kernels, deps.context.extension.id);
  deps.context.subscriptions.push(statusBar, kernels, controller);
  const d: KernelCommandDeps = { controller, kernels, statusBar };
  registerCommands(deps, {
    [COMMANDS.runPhase]: runPhase(d),
    [COMMANDS.setVariable]: setVariable(d),
    [COMMANDS.clearVariables]: clearVariables(d),
    [COMMANDS.showIdentity]: showIdentity(d),
  });
}
