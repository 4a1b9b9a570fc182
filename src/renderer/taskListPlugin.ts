import type MarkdownIt from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;
type Token = ReturnType<Md['parse']>[number];
type CoreRule = Parameters<Md['core']['ruler']['after']>[2];
type StateCore = Parameters<CoreRule>[0];

/**
 * A markdown-it plugin that renders task-list items (`- [ ] text`) as checkboxes carrying the item's 0-based line
 * in the rendered text, which for a notebook markup cell is the line in the cell's source:
 * `<input type="checkbox" class="runbook-task" data-line="3" data-cell-id="…">`.
 * Browser-safe (type-only markdown-it import): the notebook renderer bundles it and hands it VS Code's instance.
 */

/** What VS Code's markdown renderer passes as `env`: the rendered item (for a markup cell, its id and text). */
export interface RenderEnv {
  outputItem?: { id?: string; text?: () => string };
}

export interface TaskListOptions {
  /** Called once per render with the cell id and the source it rendered (so a click can say which cell). */
  onRender?: (cellId: string, source: string) => void;
}

const BOX = /^\[([ xX])\](?=\s|$)/;

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function markList(tokens: Token[], itemIndex: number): void {
  const level = tokens[itemIndex].level - 1;
  for (let j = itemIndex - 1; j >= 0; j--) {
    const t = tokens[j];
    if (t.level === level && (t.type === 'bullet_list_open' || t.type === 'ordered_list_open')) {
      if (!String(t.attrGet('class') ?? '').includes('runbook-task-list')) {
        t.attrJoin('class', 'runbook-task-list');
      }
      return;
    }
  }
}

function checkbox(state: StateCore, line: number, checked: boolean, cellId: string | undefined): Token {
  const box = new state.Token('html_inline', '', 0);
  const id = cellId !== undefined ? ` data-cell-id="${escapeAttr(cellId)}"` : '';
  box.content = `<input type="checkbox" class="runbook-task" data-line="${line}"${id}${checked ? ' checked' : ''}> `;
  return box;
}

function taskListRule(state: StateCore, options: TaskListOptions): void {
  const env = (state.env ?? {}) as RenderEnv;
  const cellId = env.outputItem?.id;
  if (cellId !== undefined) {
    options.onRender?.(cellId, state.src);
  }
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i];
    const item = tokens[i - 2];
    if (inline.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open' || item.type !== 'list_item_open' || !item.map) {
      continue;
    }
    const first = inline.children?.[0];
    const m = first?.type === 'text' ? BOX.exec(first.content) : null;
    if (!first || !m) {
      continue;
    }
    first.content = first.content.slice(m[0].length).replace(/^[ \t]/, '');
    inline.children?.unshift(checkbox(state, item.map[0], m[1] !== ' ', cellId));
    item.attrJoin('class', 'runbook-task-item');
    markList(tokens, i - 2);
  }
}

export function taskListPlugin(md: Md, options: TaskListOptions = {}): void {
  md.core.ruler.after('inline', 'runbook_task_lists', (state) => {
    taskListRule(state, options);
  });
}

/** The CSS the renderer adds: no bullets on task lists, the box in the text's place. */
export const TASK_LIST_CSS = `
ul.runbook-task-list { list-style: none; padding-left: 1.4em; }
ul.runbook-task-list > li.runbook-task-item > input.runbook-task { margin-left: -1.4em; }
input.runbook-task { cursor: pointer; vertical-align: middle; margin-right: 0.4em; }
`;
