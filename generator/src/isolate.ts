/**
 * Fault isolation: a failure tied to one API in one stage never ends the run. It becomes a DG9002
 * diagnostic naming the API, its page and the stage; the caller leaves the API out of that stage's
 * output (or turns its conformance cases into a todo) and goes on. Failures that are not tied to one
 * input still end the run with exit 3.
 *
 * Failpoints let the tests prove it: `DOCGEN_FAILPOINTS=conformance:WidgetPoll,plan:*,read:a/b.md`
 * makes the named stage throw for the named API or page (`*`: every one); `run:spec` fails a whole
 * stage of the run. The variable is read where a stage runs, so worker threads see it too.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';

export type Stage = 'spec entry' | 'conformance' | 'plan';
/**
 * Where a failpoint can fire: a stage of an API, reading a page (`read`), or a stage of the whole
 * run (`run`: `run:spec` fails building the spec, an internal error that ends the run).
 */
type FailpointStage = Stage | 'read' | 'run';

/** What happens to the API when its stage fails, for the diagnostic's sentence. */
const CONSEQUENCE: Record<Stage, string> = {
  'spec entry': 'it was left out of the spec and the package',
  conformance: 'its conformance cases were left out',
  plan: 'it was left out of the generated bindings, loaders and stubs',
};

export interface IsolatedApi {
  name: string;
  source?: { file: string; line: number };
}

/**
 * Runs `fn` for `api` in `stage`; when it throws, adds a DG9002 to `diagnostics` and returns
 * `undefined`, so the caller leaves the API out.
 */
export function isolate<T>(stage: Stage, api: IsolatedApi, diagnostics: Diagnostic[], fn: () => T): T | undefined {
  try {
    failpoint(stage, api.name);
    return fn();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = api.source ?? { file: '', line: 0 };
    diagnostics.push(diagnostic('DG9002', where.file, where.line, `docgen failed on ${api.name} while building its ${stage} (${reason}); ${CONSEQUENCE[stage]}. Please report it.`));
    return undefined;
  }
}

let parsed: { text: string; points: Set<string> } | undefined;

/** Throws when the failpoint `stage:subject` (or `stage:*`) is set in `DOCGEN_FAILPOINTS`; a test seam. */
export function failpoint(stage: FailpointStage, subject: string): void {
  const text = process.env['DOCGEN_FAILPOINTS'] ?? '';
  if (text === '') return;
  if (parsed?.text !== text) parsed = { text, points: new Set(text.split(',').map((s) => s.trim())) };
  if (parsed.points.has(`${stage}:${subject}`) || parsed.points.has(`${stage}:*`)) throw new Error(`failpoint ${stage}:${subject}`);
}
