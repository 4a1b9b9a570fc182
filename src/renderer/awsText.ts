/**
 * Notebook renderer `runbook-aws-text-renderer`: shows the AWS CLI's `--output text`, `table` and `yaml` renderings
 * of an AWS result (MIME types application/vnd.runbook.aws-*) as preformatted text, so "Change Presentation" can
 * switch between them and JSON. Runs in the notebook webview (browser), bundled as ESM by scripts/build.mjs.
 */

/** The parts of `vscode-notebook-renderer`'s OutputItem and DOM this renderer uses (tsconfig has no DOM lib). */
interface OutputItem {
  text(): string;
}
interface DomElement {
  textContent: string | null;
  className: string;
  style: Record<string, string>;
  replaceChildren(...children: DomElement[]): void;
}
declare const document: { createElement(tag: string): DomElement };

export function activate(): { renderOutputItem(item: OutputItem, element: DomElement): void } {
  return {
    renderOutputItem(item, element) {
      const pre = document.createElement('pre');
      pre.className = 'runbook-aws-text';
      pre.style.fontFamily = 'var(--vscode-editor-font-family, monospace)';
      pre.style.fontSize = 'var(--vscode-editor-font-size, 13px)';
      pre.style.margin = '0';
      pre.style.whiteSpace = 'pre';
      pre.style.overflowX = 'auto';
      pre.textContent = item.text();
      element.replaceChildren(pre);
    },
  };
}
