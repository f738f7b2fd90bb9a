#!/usr/bin/env node
// The `firth` command: runs the bundled CLI (built by `npm run build` into out/cli).
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/firth.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('firth: the CLI is not built yet: run `npm run build` in the Firth folder first.\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
const code = await main(process.argv.slice(2));
// A pipe takes what is written asynchronously once it is full: exit only when stdout and stderr have
// been flushed, or `firth … --json | jq` gets the first 64 KB. (An empty write's callback runs after
// every earlier write is out.)
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
// Exit explicitly: native addons (Dawn) and worker pools must not keep a finished command alive.
process.exit(code);
