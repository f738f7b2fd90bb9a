// Lint: chiefly the layer rule. Imports only go down: shared ← engine ← workbench ← faces
// (main, host, cli); the renderer and preload see shared only. See docs/architecture.md, "Layers".
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const layer = (name, message) => ({ group: [`**/${name}`, `**/${name}/**`], message });
const engine = layer('engine', 'Only the workbench and the faces may import the engine.');
const workbench = layer('workbench', 'Only the faces (main, host, cli) may import the workbench.');
const faces = ['main', 'host', 'cli', 'preload'].map((name) => layer(name, `Nothing imports the ${name} face.`));
const renderer = layer('renderer', 'The renderer is reached only through the contract.');
const electron = { name: 'electron', message: 'Only src/main and src/preload may import Electron.' };
const electronStore = { name: 'electron-store', message: 'electron-store needs Electron: use conf outside src/main.' };

const restrict = (patterns, paths = [electron, electronStore]) => ({
  'no-restricted-imports': ['error', { patterns, paths }],
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'src/engine/compute/wasm/generated/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] }, globals: { ...globals.browser } },
  },
  { files: ['src/shared/**'], rules: restrict([engine, workbench, ...faces, renderer, { group: ['node:*'], message: 'shared is pure: no Node built-ins.' }]) },
  { files: ['src/engine/**'], rules: restrict([workbench, ...faces, renderer]) },
  { files: ['src/workbench/**'], rules: restrict([...faces, renderer]) },
  { files: ['src/host/**', 'src/cli/**'], rules: restrict([...faces.filter((f) => !/host|cli/.test(f.message)), renderer]) },
  { files: ['src/main/**'], rules: restrict([...faces.filter((f) => !/main/.test(f.message)), renderer], []) },
  {
    files: ['src/preload/**'],
    rules: restrict([engine, workbench, ...faces.filter((f) => !/preload/.test(f.message)), renderer], [electronStore]),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([engine, workbench, ...faces, { group: ['node:*'], message: 'The renderer runs in a browser.' }]),
  },
);
