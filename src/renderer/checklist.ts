/**
 * Notebook renderer `runbook-checklist-renderer`: extends VS Code's built-in `vscode.markdown-it-renderer` so
 * task-list items in markup cells render as checkboxes; a click posts
 * `{ type: 'runbook.toggleTask', cellId, source, lineInCell, checked }` to the extension, which edits the cell.
 * Runs in the notebook webview (browser), bundled as ESM by scripts/build.mjs.
 */
import type { ToggleTaskMessage } from '../rendererMessages';
import { TASK_LIST_CSS, taskListPlugin } from './taskListPlugin';

/** The part of `vscode-notebook-renderer`'s RendererContext this renderer uses. */
interface RendererContext {
  postMessage?(message: unknown): void;
  getRenderer(id: string): Promise<{ extendMarkdownIt(fn: (md: Parameters<typeof taskListPlugin>[0]) => void): void } | undefined>;
}

/** The few DOM shapes used here (tsconfig has no DOM lib; this file runs in the webview). */
interface DomElement {
  classList: { add(name: string): void; contains(name: string): boolean };
  dataset: Record<string, string | undefined>;
  tagName: string;
  checked?: boolean;
  textContent: string | null;
  appendChild(child: DomElement): void;
  content: DomElement;
}
interface DomEvent {
  composedPath(): unknown[];
}
declare const document: {
  createElement(tag: string): DomElement;
  head: DomElement;
  addEventListener(type: 'click', listener: (e: DomEvent) => void, capture: boolean): void;
};

function isTaskBox(t: unknown): t is DomElement {
  const el = t as Partial<DomElement> | null;
  return !!el && el.tagName === 'INPUT' && !!el.classList?.contains('runbook-task');
}

function addStyles(): void {
  const template = document.createElement('template');
  template.classList.add('markdown-style');
  const style = document.createElement('style');
  style.textContent = TASK_LIST_CSS;
  template.content.appendChild(style);
  document.head.appendChild(template);
}

function onClick(ctx: RendererContext, sources: Map<string, string>): (e: DomEvent) => void {
  return (e) => {
    const target = e.composedPath()[0];
    if (!isTaskBox(target)) {
      return;
    }
    const cellId = target.dataset.cellId ?? '';
    const source = sources.get(cellId);
    const lineInCell = Number(target.dataset.line);
    if (source === undefined || !Number.isInteger(lineInCell) || !ctx.postMessage) {
      return;
    }
    const message: ToggleTaskMessage = { type: 'runbook.toggleTask', cellId, source, lineInCell, checked: target.checked === true };
    ctx.postMessage(message);
  };
}

export async function activate(ctx: RendererContext): Promise<void> {
  const base = await ctx.getRenderer('vscode.markdown-it-renderer');
  if (!base) {
    throw new Error('runbook-checklist-renderer: vscode.markdown-it-renderer is not available');
  }
  const sources = new Map<string, string>();
  addStyles();
  // `click` is composed: it leaves the markup cell's shadow root; composedPath()[0] is the input itself.
  document.addEventListener('click', onClick(ctx, sources), true);
  base.extendMarkdownIt((md) => {
    md.use(taskListPlugin, { onRender: (cellId: string, source: string) => sources.set(cellId, source) });
  });
}
