#!/usr/bin/env node
// Entry point of the docgen command: runs the compiled CLI (built by `npm ci` / `npm run build`),
// bundled (dist/bundle, faster to start) when the build made one, else the compiled modules.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const cli = existsSync(fileURLToPath(bundle)) ? bundle : modules;
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('docgen is not built yet: run `npm run build` at the repository root.\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
