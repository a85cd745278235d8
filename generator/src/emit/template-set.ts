/**
 * Template sets: the built-in `templates/` folder, overridden file by file by a user folder
 * (`--templates DIR`). Reading a set needs no Handlebars (`templates.ts` compiles and renders), so
 * a run that renders nothing can still key its files on the templates.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareStrings } from '../diagnostics.js';
import { TemplateError } from './errors.js';

export interface TemplateSource {
  /** Relative POSIX name within the set, e.g. `status.ts.hbs` or `partials/header.hbs`. */
  name: string;
  /** Where it came from, for error messages only (never written to output). */
  displayPath: string;
  origin: 'builtin' | 'user';
  text: string;
}

export interface TemplateSet {
  get(name: string): TemplateSource | undefined;
  /** All template names, sorted. */
  names(): string[];
}

/** A template set from in-memory records (name → text); `user` entries override `builtin` ones. */
export function templateSetFromRecords(
  builtin: Readonly<Record<string, string>>,
  user: Readonly<Record<string, string>> = {},
  display: { builtin: string; user: string } = { builtin: 'templates', user: 'templates override' },
): TemplateSet {
  const map = new Map<string, TemplateSource>();
  for (const [name, text] of Object.entries(builtin)) {
    map.set(name, { name, displayPath: `${display.builtin}/${name}`, origin: 'builtin', text });
  }
  for (const [name, text] of Object.entries(user)) {
    map.set(name, { name, displayPath: `${display.user}/${name}`, origin: 'user', text });
  }
  return {
    get: (name) => map.get(name),
    names: () => [...map.keys()].sort(compareStrings),
  };
}

/**
 * Reads the built-in template folder and the optional user folder. A missing or unreadable user
 * folder is a user error (`TemplateError` DG6005), not a crash.
 */
export function loadTemplateSet(builtinDir: string, userDir?: string): TemplateSet {
  const builtin = readTemplateFolder(builtinDir, 'built-in templates');
  const user = userDir === undefined ? {} : readTemplateFolder(userDir, 'templates');
  return templateSetFromRecords(builtin, user, { builtin: 'templates', user: userDir ?? '' });
}

function readTemplateFolder(dir: string, what: string): Record<string, string> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new TemplateError('DG6005', '', dir, 0, 0, `the ${what} folder does not exist or is not a folder`);
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const entries = readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile() && entry.name.endsWith('.hbs')) {
        try {
          out[name] = readFileSync(path.join(dir, name), 'utf8').replace(/\r\n/g, '\n');
        } catch {
          throw new TemplateError('DG6005', name, path.join(dir, name), 0, 0, 'the template could not be read');
        }
      }
    }
  };
  walk('');
  return out;
}

