import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { flatOutput, workerEntries } from './scripts/worker-entries';

const packageJson = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
// zod and ml-matrix are bundled: every command loads them, and resolving and compiling their many
// files one by one took 55 ms (zod's ESM build) and 35–50 ms (ml-matrix, CommonJS) of each start;
// bundled, 25 ms and 10 ms.
const bundled = new Set(['zod', 'ml-matrix']);
const dependencies = Object.keys(packageJson.dependencies).filter((name) => !bundled.has(name));

// The CLI and web host: one Node bundle (plus worker entries) in out/cli, dependencies but those left external.
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
