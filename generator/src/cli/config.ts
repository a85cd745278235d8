/**
 * The config file (`docgen.config.json`): defaults for the command line, validated with a clear
 * message for each mistake. Flags override it; relative paths are relative to the config file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DocsLinksError, resolveDocsLinks, type DocsLinks, type DocsLinksSetting } from '../readers/doc-links.js';

export const CONFIG_FILE = 'docgen.config.json';

type TypeBox = typeof import('@sinclair/typebox');
type TypeBoxValue = typeof import('@sinclair/typebox/value');

/**
 * The config schema, built when a config file is read: TypeBox is loaded only then (a run without
 * a config file starts faster). CommonJS builds, so `require` loads them synchronously.
 */
function configSchema() {
  const require = createRequire(import.meta.url);
  const { Type } = require('@sinclair/typebox') as TypeBox;
  const { Value } = require('@sinclair/typebox/value') as TypeBoxValue;
  const schema = Type.Object(
    {
      docs: Type.Optional(Type.String({ minLength: 1 })),
      out: Type.Optional(Type.String({ minLength: 1 })),
      templates: Type.Optional(Type.String({ minLength: 1 })),
      headers: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
      packageName: Type.Optional(Type.String({ pattern: '^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$' })),
      packageVersion: Type.Optional(Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' })),
      strict: Type.Optional(Type.Boolean()),
      warningBudget: Type.Optional(Type.Integer({ minimum: 0 })),
      links: Type.Optional(
        Type.Object(
          {
            site: Type.Optional(Type.String({ minLength: 1 })),
            folders: Type.Optional(
              Type.Record(
                Type.String(),
                Type.Object({ apiref: Type.Optional(Type.String({ minLength: 1 })), pages: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false }),
              ),
            ),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  );
  return { schema, Value };
}

export interface ConfigFile {
  docs?: string;
  out?: string;
  templates?: string;
  headers?: string[];
  packageName?: string;
  packageVersion?: string;
  strict?: boolean;
  warningBudget?: number;
  /** Where the docs' pages are published: see `readers/doc-links.ts` and the README. */
  links?: DocsLinksSetting;
}

export interface ResolvedConfig {
  docs: string;
  out: string;
  templates?: string;
  /** Folders of C headers, in order (flags replace the config's list). */
  headers: string[];
  packageName: string;
  packageVersion: string;
  strict: boolean;
  warningBudget?: number;
  /** The `links` setting resolved (absolute addresses); undefined when the config has none. */
  links?: DocsLinks;
  configPath?: string;
}

/** An invalid config file (DG7001): exit 2 with one sentence. */
export class ConfigError extends Error {
  readonly code = 'DG7001';
}

export interface ConfigFlags {
  config?: string;
  docs?: string;
  out?: string;
  templates?: string;
  headers?: string[];
  strict?: boolean;
  warningBudget?: number;
}

/** Loads the config named by --config, else ./docgen.config.json if present, and applies flags over it. */
export function resolveConfig(flags: ConfigFlags, cwd: string): ResolvedConfig {
  const configPath = flags.config ? path.resolve(cwd, flags.config) : existsSync(path.join(cwd, CONFIG_FILE)) ? path.join(cwd, CONFIG_FILE) : undefined;
  const file = configPath ? readConfig(configPath) : {};
  const base = configPath ? path.dirname(configPath) : cwd;
  const fromFile = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(base, p));
  const fromFlag = (p: string | undefined): string | undefined => (p === undefined ? undefined : path.resolve(cwd, p));
  return {
    docs: fromFlag(flags.docs) ?? fromFile(file.docs) ?? path.resolve(cwd, 'docs'),
    out: fromFlag(flags.out) ?? fromFile(file.out) ?? path.resolve(cwd, 'generated'),
    templates: fromFlag(flags.templates) ?? fromFile(file.templates),
    headers: flags.headers?.length ? flags.headers.map((h) => fromFlag(h)!) : (file.headers ?? []).map((h) => fromFile(h)!),
    packageName: file.packageName ?? 'windows-api-docgen',
    packageVersion: file.packageVersion ?? '0.1.0',
    strict: flags.strict ?? file.strict ?? false,
    warningBudget: flags.warningBudget ?? file.warningBudget,
    ...(file.links ? { links: resolvedLinks(file.links, configPath) } : {}),
    configPath,
  };
}

function resolvedLinks(setting: DocsLinksSetting, configPath: string | undefined): DocsLinks {
  try {
    return resolveDocsLinks(setting);
  } catch (error) {
    if (error instanceof DocsLinksError) throw new ConfigError(`${path.basename(configPath ?? CONFIG_FILE)}: ${error.message}`);
    throw error;
  }
}

function readConfig(configPath: string): ConfigFile {
  const name = path.basename(configPath);
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    throw new ConfigError(`The config file ${configPath} cannot be read.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name} is not valid JSON (${(error as Error).message}).`);
  }
  const { schema: ConfigSchema, Value } = configSchema();
  const errors = [...Value.Errors(ConfigSchema, data)];
  if (errors.length > 0) {
    const e = errors[0]!;
    const key = e.path.replace(/^\//, '') || '(root)';
    const unknown = e.schema && (e.schema as { additionalProperties?: unknown }).additionalProperties === false && e.path === '';
    // An unknown key inside a setting (`links/folders/docs/base`) lists that setting's keys.
    const owner = (e.schema as { properties?: Record<string, unknown> }).properties;
    const known = Object.keys(e.path.lastIndexOf('/') > 0 && owner ? owner : ConfigSchema.properties).join(', ');
    throw new ConfigError(
      unknown || e.message.includes('Unexpected property')
        ? `${name}: ${key} is not a known setting (known: ${known}).`
        : `${name}: ${key} ${e.message.toLowerCase()}.`,
    );
  }
  return data as ConfigFile;
}
