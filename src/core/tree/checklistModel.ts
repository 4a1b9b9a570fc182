import type { Checklist, ChecklistItem, RunbookOutline } from '../runbook/model';
import type { TreeNodeModel } from './node';

function itemNode(item: ChecklistItem, notebookUri: string, revealCommand: string): TreeNodeModel {
  return {
    id: `item:${item.cellIndex}:${item.lineInCell}`,
    label: item.text,
    tooltip: `${item.checked ? 'Done' : 'To do'}: ${item.text} (line ${item.line})`,
    checked: item.checked,
    contextValue: item.checked ? 'checklistItem.checked' : 'checklistItem',
    command: { command: revealCommand, title: 'Reveal', arguments: [{ notebookUri, cellIndex: item.cellIndex }] },
    notebookUri,
    cellIndex: item.cellIndex,
    lineInCell: item.lineInCell,
  };
}

function sectionNode(list: Checklist, index: number, notebookUri: string, revealCommand: string): TreeNodeModel {
  const done = list.items.filter((i) => i.checked).length;
  const complete = done === list.items.length;
  const first = list.items[0];
  return {
    id: `checklist:${index}:${list.section}`,
    label: list.section,
    description: `${done}/${list.items.length}`,
    tooltip: `${list.section}: ${done} of ${list.items.length} done`,
    icon: complete ? 'pass-filled' : 'checklist',
    iconColor: complete ? 'testing.iconPassed' : undefined,
    contextValue: 'checklist',
    expanded: !complete,
    cellIndex: first?.cellIndex,
    children: list.items.map((i) => itemNode(i, notebookUri, revealCommand)),
  };
}

/** The Checklists view: every task-list item grouped under its heading, with its box; a click runs `revealCommand` on its cell. */
export function checklistTree(outline: RunbookOutline, notebookUri: string, revealCommand: string): TreeNodeModel[] {
  return outline.checklists.filter((c) => c.items.length > 0).map((c, i) => sectionNode(c, i, notebookUri, revealCommand));
}

/** The unticked items of the sections named like `pattern` (default: Prerequisites, not "...for Failback"). */
export function uncheckedItems(outline: RunbookOutline, pattern = /^prerequisites$/i): ChecklistItem[] {
  return outline.checklists.filter((c) => pattern.test(c.section.trim())).flatMap((c) => c.items.filter((i) => !i.checked));
}
