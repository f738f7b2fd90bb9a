import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { flatOutput, workerEntries } from './scripts/worker-entries';

const packageJson = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
// zod is bundled: its ESM build is about a hundred files, and resolving and compiling them one by one
// took 55 ms of every command's start, 25 ms in one bundle.
const bundled = new Set(['zod']);
const dependencies = Object.keys(packageJson.dependencies).filter((name) => !bundled.has(name));

// The CLI and web host: one Node bundle (plus worker entries) in out/cli, dependencies but zod left external.
export default defineConfig({
  ssr: { noExternal: [...bundled] },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { firth: resolve('src/cli/index.ts'), ...workerEntries(resolve('src')) },
      external: (id) =>
        id.startsWith('node:') ||
        builtinModules.includes(id) ||
        dependencies.some((name) => id === name || id.startsWith(`${name}/`)),
      output: flatOutput,
    },
  },
});
