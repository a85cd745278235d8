/**
 * The package entry point, `src/index.ts`: re-exports what every other TypeScript module declares
 * in its `exports` (explicit names, so two modules can never silently shadow each other), in path
 * order. Built by the pipeline after all emitters, from their planned files.
 */
import { compareStrings } from '../diagnostics.js';
import type { PlannedFile } from './emitter.js';

export interface BarrelStatementView {
  from: string;
  namespace: string | null;
  names: string[];
  typeOnly: boolean;
}

export function barrelFile(files: readonly PlannedFile[], packageName: string): PlannedFile {
  const statements: BarrelStatementView[] = [];
  const modules = files.filter((f) => f.path.startsWith('src/') && f.path.endsWith('.ts') && f.exports?.length).sort((a, b) => compareStrings(a.path, b.path));
  for (const file of modules) {
    const from = `./${file.path.slice('src/'.length, -'.ts'.length)}.js`;
    for (const e of file.exports!) {
      statements.push(
        e.kind === 'namespace'
          ? { from, namespace: e.namespace, names: [], typeOnly: false }
          : { from, namespace: null, names: [...e.names].sort(compareStrings), typeOnly: e.typeOnly === true },
      );
    }
  }
  return {
    path: 'src/index.ts',
    template: 'index.ts.hbs',
    view: () => ({ title: `Entry point of ${packageName}: status enums and helpers, API interfaces and stubs.`, statements }),
  };
}
