/**
 * What the notebook renderers (src/renderer, in the webview) post to the extension: the one contract
 * between the renderer and the sidebar surface, so neither imports the other.
 */

export interface ToggleTaskMessage {
  type: 'runbook.toggleTask';
  cellId: string;
  /** The cell's source as rendered: lets the extension find the cell (the webview knows no cell index). */
  source: string;
  lineInCell: number;
  checked: boolean;
}
