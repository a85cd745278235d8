/**
 * Errors of the emitting pipeline. They are user-facing: a bad template override or an invalid
 * spec is a user mistake, so these carry a code, a position and one sentence (`message`), and the
 * CLI prints `message` alone, never a stack trace.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';

export class EmitError extends Error {
  override readonly name: string = 'EmitError';

  constructor(
    readonly code: DiagnosticCode,
    message: string,
  ) {
    super(message);
  }

  /** The error as a run-level diagnostic (for JSON / CI annotation output). */
  toDiagnostic(): Diagnostic {
    return diagnostic(this.code, '', 0, this.message);
  }
}

/**
 * A template failed: it could not be compiled or rendered (DG6005), or what it rendered is not
 * valid TypeScript / JSON (DG6001). Nothing is produced when this is thrown.
 */
export class TemplateError extends EmitError {
  override readonly name = 'TemplateError';

  constructor(
    code: 'DG6001' | 'DG6005',
    /** Template name within the template set, e.g. `status.ts.hbs`. */
    readonly template: string,
    /** Where the template was read from, for people: `templates/status.ts.hbs` or the override path. */
    readonly templatePath: string,
    /** 1-based line in the template (DG6005) or in the text it rendered (DG6001); 0 when unknown. */
    readonly line: number,
    /** 1-based column; 0 when unknown. */
    readonly column: number,
    /** The one-sentence reason, without position. */
    readonly reason: string,
    /** The output file being rendered (relative to the output folder), when known. */
    readonly output?: string,
  ) {
    const where = line > 0 ? `:${line}${column > 0 ? `:${column}` : ''}` : '';
    const what =
      code === 'DG6001'
        ? `${templatePath}: the ${output ?? 'file'} it rendered is not valid${where ? ` at line ${line}, column ${column}` : ''}: ${reason}`
        : `${templatePath}${where}: ${reason}`;
    super(code, what.endsWith('.') ? what : `${what}.`);
  }
}
