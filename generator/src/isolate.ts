/**
 * Fault isolation: a failure tied to one API in one stage never ends the run. It becomes a DG9002
 * diagnostic naming the API, its page and the stage; the caller leaves the API out of that stage's
 * output (or turns its conformance cases into a todo) and goes on. Failures that are not tied to one
 * input still end the run with exit 3.
 *
 * Failpoints let the tests prove it: `DOCGEN_FAILPOINTS=conformance:WidgetPoll,plan:*` (read once by
 * the CLI, `setFailpoints`) makes the named stage throw for the named API (`*`: every API).
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';

export type Stage = 'spec entry' | 'conformance' | 'plan';

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
    if (failpoints?.has(`${stage}:${api.name}`) || failpoints?.has(`${stage}:*`)) throw new Error(`failpoint ${stage}:${api.name}`);
    return fn();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = api.source ?? { file: '', line: 0 };
    diagnostics.push(diagnostic('DG9002', where.file, where.line, `docgen failed on ${api.name} while building its ${stage} (${reason}); ${CONSEQUENCE[stage]}. Please report it.`));
    return undefined;
  }
}

let failpoints: Set<string> | undefined;

/** Sets the failpoints from their text (`stage:api,stage:api`); undefined or '' clears them. */
export function setFailpoints(text: string | undefined): void {
  const list = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  failpoints = list.length > 0 ? new Set(list) : undefined;
}
