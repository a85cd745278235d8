/**
 * The docgen command line. Effects (files, console, exit codes) live here and in io/.
 * Exit codes: 0 success, 1 check failed or error-level diagnostics, 2 usage or input error (or an
 * output folder that another run kept locked for too long), 3 a docgen bug.
 */
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Diagnostic } from '../diagnostics.js';
import { InputError } from '../io/read-docs.js';
import { HeadersInputError } from '../io/headers.js';
import { DOCGEN_VERSION } from '../version.js';
import { ConfigError } from './config.js';
import { DEFAULT_MAX_DIAGNOSTICS, DIAGNOSTIC_FORMATS, formatDiagnostics, isDocumentFormat, type DiagnosticFormat } from './report.js';

// The commands are loaded when one runs: `--help` and `--version` load none of them, and each loads
// only what it uses (a warm `generate` with nothing to render never loads the emitters).
const commands = (): Promise<typeof import('./commands.js')> => import('./commands.js');

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  isTTY: boolean;
  ci: boolean;
  /**
   * The racy-stamp window of the build state (`RACY_MS` in io/build-state.ts). Tests on a file
   * system with fine-grained times set 0, so that what a warm run reads again does not depend on
   * how fast the previous run was; the command line always uses the default.
   */
  racyMs?: number;
}

const defaultIo = (): Io => ({
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  cwd: process.cwd(),
  isTTY: !!process.stderr.isTTY,
  ci: !!process.env['CI'],
});

/** Raised for usage and input mistakes: exit 2 with one sentence. */
/** A usage or input mistake: exit 2 with one sentence (and its diagnostic code, when it has one). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const formatOption = (): Option =>
  new Option('--format <format>', 'how to print diagnostics: text for a person; json, github (annotations) and sarif (SARIF 2.1.0) list every one')
    .choices(DIAGNOSTIC_FORMATS)
    .default('text');

/** The flags of the text format's limits (see report.ts). */
const withReportFlags = (cmd: Command): Command =>
  cmd
    .addOption(formatOption())
    .option('--max-diagnostics <n>', 'text format: the most errors and warnings printed one by one; the rest are counted by code', integer, DEFAULT_MAX_DIAGNOSTICS)
    .option('--verbose', 'text format: print every diagnostic, notes included, with no limit');

/** Default of `--lock-timeout`: how long a run waits for another run on the same output folder. */
export const DEFAULT_LOCK_TIMEOUT_S = 600;

const integer = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

const positive = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return Number(value);
};

/** Commander's collector of a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command('docgen')
    .description('Generate a typed TypeScript package from Microsoft API documentation pages.')
    .version(DOCGEN_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run docgen --help for usage)');

  const withCommonFlags = (cmd: Command): Command =>
    cmd
      .option('--docs <dir>', 'docs folder (default: docs, or the config file)')
      .option('--out <dir>', 'output folder (default: generated, or the config file)')
      .option('--templates <dir>', 'folder of templates that override the built-in ones, file by file')
      .option('--headers <dir>', 'a folder of C headers to read prototypes, types and values from (repeatable)', collect, [])
      .option('--config <file>', 'config file (default: ./docgen.config.json when present)')
      .option('--cache <dir>', 'cache of parsed pages and formatted files (default: node_modules/.cache/docgen)')
      .option('--no-cache', 'parse every page and format every file again')
      .option('--jobs <n>', 'threads to parse pages on (default: one per core; 1: none); large packages are formatted on one fewer, at least one', positive)
      .option('--timings', 'print how long each stage took, and the memory in use after it')
      .option('--lock-timeout <seconds>', 'how long to wait for another docgen run using the same output folder', integer, DEFAULT_LOCK_TIMEOUT_S);

  withReportFlags(withCommonFlags(program.command('generate')))
    .description('read the docs and write the generated package')
    .option('--quiet', 'print only errors')
    .addHelpText('after', '\nExamples:\n  docgen generate\n  docgen generate --docs ./docs --out ./generated\n  docgen generate --templates ./my-templates')
    .action(async (opts) => {
      exitCode = await (await commands()).runGenerate(opts, io);
    });

  withReportFlags(withCommonFlags(program.command('check')))
    .description('fail when the generated package is out of step with the docs and templates')
    .option('--strict', 'also fail on error-level diagnostics')
    .option('--warning-budget <n>', 'with --strict: also fail when there are more than n warnings', integer)
    .option('--max-diff-lines <n>', 'longest unified diff to print', integer, 200)
    .addHelpText('after', '\nExamples:\n  docgen check\n  docgen check --strict --warning-budget 50 --format github')
    .action(async (opts) => {
      exitCode = await (await commands()).runCheck(opts, io);
    });

  program
    .command('diff')
    .description('what changed between two docs folders or two spec.json files, in API terms')
    .argument('<a>', 'old docs folder or spec.json')
    .argument('<b>', 'new docs folder or spec.json')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  docgen diff old-docs/ docs/\n  docgen diff old/spec.json generated/spec.json --json')
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      exitCode = await (await commands()).runDiff(a, b, opts, io);
    });

  withReportFlags(program.command('inspect'))
    .description('print the parsed model and diagnostics of one page or a folder')
    .argument('<path>', 'a page or a folder of pages')
    .option('--json', 'print the spec model as JSON (its diagnostics included, all of them)')
    .option('--headers <dir>', 'a folder of C headers to read prototypes, types and values from (repeatable)', collect, [])
    .addHelpText('after', '\nExamples:\n  docgen inspect docs/\n  docgen inspect docs/sspi/DeleteSecurityContext.md --json')
    .action(async (target: string, opts: { json?: boolean; headers: string[] } & DiagnosticView) => {
      const resolved = path.resolve(io.cwd, target);
      const [{ specFromDocs }, { inspectText }] = await Promise.all([import('../pipeline.js'), import('./inspect-text.js')]);
      const { spec } = await specFromDocs(resolved, { headers: opts.headers.map((h) => path.resolve(io.cwd, h)) });
      if (opts.json) {
        io.out(JSON.stringify(spec, null, 2));
      } else {
        // With --format json or sarif, stdout is the diagnostics document alone.
        (isDocumentFormat(opts.format) ? io.err : io.out)(inspectText(spec));
        // Diagnostics name files relative to the docs folder: a single page's folder is its parent.
        const docsPrefix = spec.inputs.length === 1 && spec.inputs[0]!.file === path.basename(resolved) ? path.dirname(target) : target;
        printDiagnostics(spec.diagnostics, opts, io, docsPrefix, opts.headers);
      }
      exitCode = spec.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, io);
  }
}

/** How to print diagnostics: the `--format`, `--max-diagnostics` and `--verbose` flags. */
export interface DiagnosticView {
  format: DiagnosticFormat;
  maxDiagnostics?: number;
  verbose?: boolean;
}

/**
 * Prints diagnostics (every one in the machine formats; see report.ts for the text format). JSON
 * and SARIF are documents on stdout, printed even when empty; text and annotations go to stderr.
 */
export function printDiagnostics(list: Diagnostic[], view: DiagnosticView, io: Io, docsPrefix: string, headerPrefixes: readonly string[] = []): void {
  if (list.length === 0 && !isDocumentFormat(view.format)) return;
  const text = formatDiagnostics(list, view.format, {
    color: io.isTTY && !io.ci && !process.env['NO_COLOR'],
    docsPrefix,
    headerPrefixes,
    docsDir: path.resolve(io.cwd, docsPrefix),
    maxShown: view.maxDiagnostics,
    verbose: view.verbose,
  });
  if (isDocumentFormat(view.format)) io.out(text);
  else io.err(text);
}

function handleError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Commander has already printed help, the version, or the usage mistake.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
  }
  if (error instanceof UsageError || error instanceof InputError || error instanceof ConfigError || error instanceof HeadersInputError) {
    io.err(`docgen: ${error.code ? `${error.code}: ` : ''}${error.message}`);
    return 2;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`docgen: internal error, please report it:\n${message}`);
  return 3;
}
