import * as vscode from 'vscode';
import type { AwsClientPool } from '../core/aws/clients';
import { loadSdkModule } from '../core/aws/sdkModules';
import { confirmSummary } from '../core/confirm/summary';
import type { ConfirmRequest, PlaceholderRequest } from '../core/kernel/context';

interface Pick extends vscode.QuickPickItem {
  value?: string;
}

const ENTER_VALUE = 'Enter a value…';

type SdkCommand = new (input: object) => unknown;

/** The live target groups / hosted zones of the region, as pick items. */
async function liveResources(req: PlaceholderRequest, pool: AwsClientPool): Promise<Pick[]> {
  const target = { region: req.region, profile: req.profile, endpointUrl: req.endpointUrl };
  if (req.kind === 'targetGroupArn') {
    const [client, mod] = await Promise.all([pool.client('elbv2', target), loadSdkModule('elbv2')]);
    const out = (await client.send(new (mod.DescribeTargetGroupsCommand as SdkCommand)({}))) as {
      TargetGroups?: { TargetGroupName?: string; TargetGroupArn?: string; Protocol?: string; Port?: number }[];
    };
    return (out.TargetGroups ?? []).map((tg) => ({ label: tg.TargetGroupName ?? '', description: `${tg.Protocol ?? ''} ${tg.Port ?? ''}`.trim(), detail: tg.TargetGroupArn, value: tg.TargetGroupArn }));
  }
  const [client, mod] = await Promise.all([pool.client('route53', target), loadSdkModule('route53')]);
  const out = (await client.send(new (mod.ListHostedZonesCommand as SdkCommand)({}))) as {
    HostedZones?: { Id?: string; Name?: string; Config?: { PrivateZone?: boolean } }[];
  };
  return (out.HostedZones ?? []).map((z) => {
    const id = (z.Id ?? '').replace(/^\/hostedzone\//, '');
    return { label: z.Name ?? id, description: id, detail: z.Config?.PrivateZone ? 'private zone' : 'public zone', value: id };
  });
}

async function inputBox(req: PlaceholderRequest, note?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Value for <${req.name}>`,
    prompt: note ?? `Remembered for this session${req.region ? ` (region ${req.region})` : ''}.`,
    password: req.secret,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? 'A value is needed: the cell never runs with the placeholder text.' : undefined),
  });
}

/** A pick list of live resources for a known kind, else (or on request) an input box. */
export async function promptPlaceholder(req: PlaceholderRequest, pool: AwsClientPool): Promise<string | undefined> {
  if (!req.kind) {
    return inputBox(req);
  }
  let items: Pick[];
  try {
    items = await liveResources(req, pool);
  } catch (e) {
    return inputBox(req, `Could not list them in ${req.region}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const what = req.kind === 'targetGroupArn' ? 'target group' : 'hosted zone';
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
