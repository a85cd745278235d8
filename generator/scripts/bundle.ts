/**
 * Bundles the compiled command line (`dist/src`) into `dist/bundle/`, which `bin/docgen.js` runs.
 *
 * Why: a run of docgen is short when little changed, and loading about a hundred and fifty
 * separate ES modules (resolving, reading and linking each) is a good part of it. The bundle is the
 * same compiled code in a few files: the CLI entry, one file per worker thread (pages, formatting,
 * background file work) and chunks shared between them, split at the dynamic imports so that a run
 * still loads only what it uses (the Markdown parser, the emitters, Handlebars).
 *
 * ts-morph (with the TypeScript compiler) and koffi stay outside: they are loaded from
 * node_modules when needed. Modules loaded with `createRequire` at run time (TypeBox, diff,
 * cli-progress) are too. The bundle keeps the layout `dist/src` has where it matters: workers sit
 * next to the code that starts them (`new URL('./worker.js', import.meta.url)`), and `dist/bundle/`
 * is as deep below `generator/` as `dist/src/` (see `src/paths.ts`).
 *
 * Usage: node generator/dist/scripts/bundle.js   (part of `npm run build`)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const entryPoints = {
  cli: 'src/cli/main.js',
  worker: 'src/parallel/worker.js',
  'background-worker': 'src/io/background-worker.js',
  'format-worker': 'src/emit/format-worker.js',
};

const outdir = path.join(DIST, 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([name, file]) => [name, path.join(DIST, file)])),
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph', 'koffi'],
  // CommonJS dependencies call `require` for Node's own modules; an ES module has none of its own.
  banner: { js: "import { createRequire as __docgenRequire } from 'node:module'; const require = __docgenRequire(import.meta.url);" },
  // Chunks beside the entries: code finds its workers and files relative to its own folder.
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
