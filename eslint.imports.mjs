// @ts-check
// The import-direction rules for src/ (docs/design.md, "Import directions"): no import cycle anywhere in
// src/; src/core imports nothing outside src/core (node built-ins and npm packages are fine; `vscode` is
// banned separately); a surface folder never imports another surface folder. A function of the folder they apply to, so test/unit/lintRules.test.ts can run
// them on a throw-away tree and see each one fail.
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** The folders of src/ that are surfaces: each talks to the others only through core/, the shared adapter modules, commands or arguments. */
export const SURFACES = ['notebook', 'kernel', 'tree', 'incident', 'check', 'engineUi', 'renderer', 'cli'];

/** @param {string} basePath the repository root (the folder that holds src/) */
export function importRules(basePath) {
  return [
    {
      files: ['src/**/*.ts'],
      plugins: { 'import-x': importX },
      settings: {
        'import-x/extensions': ['.ts'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
        'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true, project: `${basePath}/tsconfig.json` })],
      },
      rules: {
        // Type-only imports are erased at compile time, so the rule does not follow them.
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
      },
    },
    {
      files: ['src/core/**/*.ts'],
      plugins: { 'import-x': importX },
      rules: {
        'import-x/no-restricted-paths': ['error', {
          basePath,
          zones: [{ target: './src/core', from: './src', except: ['./core'], message: 'src/core imports nothing outside src/core: pass it in from the adapter.' }],
        }],
      },
    },
    {
      files: SURFACES.map((s) => `src/${s}/**/*.ts`),
      plugins: { 'import-x': importX },
      rules: {
        'import-x/no-restricted-paths': ['error', {
          basePath,
          zones: SURFACES.map((s) => ({
            target: `./src/${s}`,
            from: SURFACES.filter((o) => o !== s).map((o) => `./src/${o}`),
            message: 'Surfaces never import each other: share through src/core or a shared adapter module, or pass it in from extension.ts.',
          })),
        }],
      },
    },
  ];
}
