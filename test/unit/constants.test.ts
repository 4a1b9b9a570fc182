import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  CHANGE_SCHEME,
  COMMANDS,
  CONFIG_SECTION,
  CONTROLLER_ID,
  IDENTITY_STATUS_ID,
  NOTEBOOK_TYPES,
  RENDERER_ID,
  VIEWS,
} from '../../src/constants';

interface Contributes {
  commands: { command: string }[];
  views: Record<string, { id: string }[]>;
  viewsContainers: Record<string, { id: string }[]>;
  notebooks: { type: string }[];
  notebookRenderer: { id: string }[];
  menus: Record<string, { command: string; when?: string }[]>;
  configuration: { properties: Record<string, unknown> };
}

const ROOT = path.join(__dirname, '..', '..');
const contributes = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: Contributes }).contributes;

/**
 * The tree rows' contextValues the menus match (`viewItem == …`). The core tree models set them (core imports nothing
 * from src/constants.ts); test/unit/tree/phaseModel.test.ts and test/unit/engine/ui.test.ts pin them on the models.
 */
const VIEW_ITEMS = ['phase', 'engineApproval'];

function sorted(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

function whenClauses(): string[] {
  return Object.values(contributes.menus).flatMap((items) => items.map((i) => i.when ?? '')).filter(Boolean);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/constants.ts against package.json', () => {
  it('every command id is contributed, and every contributed command is an id', () => {
    assert.deepEqual(sorted(Object.values(COMMANDS)), sorted(contributes.commands.map((c) => c.command)));
  });

  it('every menu entry names a command id', () => {
    const ids = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(contributes.menus)) {
      items.forEach((i) => assert.ok(ids.has(i.command), `${menu}: ${i.command}`));
    }
  });

  it('the view container and the views are the contributed ones', () => {
    const { container, ...views } = VIEWS;
    assert.deepEqual(contributes.viewsContainers.activitybar.map((c) => c.id), [container]);
    assert.deepEqual(Object.keys(contributes.views), [container]);
    assert.deepEqual(sorted(Object.values(views)), sorted(contributes.views[container].map((v) => v.id)));
  });

  it('the notebook types, the checklist renderer and the settings section are the contributed ones', () => {
    assert.deepEqual(sorted(NOTEBOOK_TYPES), sorted(contributes.notebooks.map((n) => n.type)));
    assert.ok(contributes.notebookRenderer.some((r) => r.id === RENDERER_ID));
    Object.keys(contributes.configuration.properties).forEach((k) => assert.ok(k.startsWith(`${CONFIG_SECTION}.`), k));
  });

  it("every context key value in the menus' `when` clauses is one of ours from constants.ts (or a tree row's contextValue)", () => {
    const ours: Record<string, readonly string[]> = {
      notebookType: NOTEBOOK_TYPES,
      view: Object.values(VIEWS),
      resourceScheme: [CHANGE_SCHEME],
      viewItem: VIEW_ITEMS,
    };
    const seen = new Set<string>();
    for (const when of whenClauses()) {
      for (const m of when.matchAll(/([A-Za-z.]+)\s*==\s*([^\s()&|]+)/g)) {
        const [, key, value] = m;
        assert.ok(!key.startsWith(`${CONFIG_SECTION}.`), `a context key of ours belongs in constants.ts: ${key}`);
        if (ours[key]) {
          assert.ok(ours[key].includes(value), `${key} == ${value} in "${when}"`);
          seen.add(`${key}:${value}`);
        }
      }
    }
    assert.ok(VIEW_ITEMS.every((v) => seen.has(`viewItem:${v}`)), 'every viewItem listed is used by a menu');
  });

  it('no id is written as a string anywhere else in src/', () => {
    const ids = [...Object.values(COMMANDS), ...Object.values(VIEWS).filter((v) => v.includes('.')), CONTROLLER_ID, RENDERER_ID, CHANGE_SCHEME, IDENTITY_STATUS_ID];
    for (const file of sourceFiles(path.join(ROOT, 'src')).filter((f) => path.basename(f) !== 'constants.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const id of ids) {
        for (const q of [`'${id}'`, `"${id}"`]) {
          assert.ok(!text.includes(q), `${path.relative(ROOT, file)} writes ${q}: import it from src/constants.ts`);
        }
      }
    }
  });
});
