import * as vscode from 'vscode';
import { COMMANDS, IDENTITY_STATUS_ID } from '../constants';

export interface ShownIdentity {
  account: string;
  arn: string;
  region: string;
}

/** Account, ARN and region of the last identity a cell established; a click shows it in full. */
export class IdentityStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(IDENTITY_STATUS_ID, vscode.StatusBarAlignment.Left, 50);
  private current: ShownIdentity | undefined;

  constructor() {
    this.item.name = 'Runbook AWS identity';
    this.item.command = COMMANDS.showIdentity;
  }

  get identity(): ShownIdentity | undefined {
    return this.current;
  }

  show(identity: ShownIdentity): void {
    this.current = identity;
    const who = identity.arn.split(':').pop() ?? identity.arn;
    this.item.text = `$(cloud) ${identity.account} · ${who} · ${identity.region}`;
    this.item.tooltip = new vscode.MarkdownString(`**AWS identity used by runbook cells**\n\nAccount: \`${identity.account}\`\n\nARN: \`${identity.arn}\`\n\nRegion: \`${identity.region}\``);
    this.item.show();
  }

  clear(): void {
    this.current = undefined;
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
