import * as vscode from 'vscode';
import type { AwsClientPool } from '../core/aws/clients';
import { confirmSummary } from '../core/confirm/summary';
import type { ConfirmRequest, PlaceholderRequest } from '../core/kernel/context';
import { livePickChoices, pickListNoun } from '../core/kernel/pickLists';

interface Pick extends vscode.QuickPickItem {
  value?: string;
}

const ENTER_VALUE = 'Enter a value…';

async function inputBox(req: PlaceholderRequest, note?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Value for <${req.name}>`,
    prompt: note ?? `Remembered for this session${req.region ? ` (region ${req.region})` : ''}.`,
    password: req.secret,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'A value is needed: the cell never runs with the placeholder text.' : undefined),
  });
}

/** A pick list of live resources for a known kind, else (or on request) an input box. `signal`: the cell's (an interrupt ends the listing). */
export async function promptPlaceholder(req: PlaceholderRequest, pool: AwsClientPool, signal: AbortSignal): Promise<string | undefined> {
  if (!req.kind) {
    return inputBox(req);
  }
  let items: Pick[];
  try {
    items = await livePickChoices({ ...req, kind: req.kind }, pool, { signal });
  } catch (e) {
    if (signal.aborted) {
      return undefined;
    }
    return inputBox(req, `Could not list them in ${req.region}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const what = pickListNoun(req.kind);
  const picked = await vscode.window.showQuickPick<Pick>([...items, { label: ENTER_VALUE, alwaysShow: true }], {
    title: `<${req.name}>: pick a ${what} in ${req.region}`,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  return picked.value ?? inputBox(req);
}

const CANCEL: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };
const SHOW_CHANGE: vscode.MessageItem = { title: 'Show change' };
const RUN: vscode.MessageItem = { title: 'Run' };

/**
 * A modal with the short summary (what, where, the change in plain words, unticked prerequisites).
 * Cancel comes first and is the close affordance, so Enter or Escape by habit sends nothing;
 * "Show change" opens now against after, where Run and Cancel sit in the editor's title bar.
 */
export async function confirmMutation(req: ConfirmRequest, showChange: (req: ConfirmRequest) => Promise<boolean>): Promise<boolean> {
  const { message, lines } = confirmSummary(req);
  const answer = await vscode.window.showWarningMessage(message, { modal: true, detail: lines.join('\n') }, CANCEL, SHOW_CHANGE, RUN);
  if (answer === SHOW_CHANGE) {
    return showChange(req);
  }
  return answer === RUN;
}
