/** The title of a case, as the generated suite names its test: what is checked and the codes promised. */
import type { ConformanceCase } from './model.js';

export function caseTitle(cs: ConformanceCase): string {
  const codes = [...new Set(cs.promises.filter((p) => p.code && p.api === (cs.call?.api ?? cs.api)).map((p) => p.code!))];
  const which = codes.length > 0 ? ` → ${codes.join(' | ')}` : '';
  switch (cs.type) {
    case 'success':
      return `a valid call succeeds${which}`;
    case 'invalid-handle':
      return `an invalid handle is rejected${cs.expect.length ? ` → ${cs.expect.join(' | ')}` : ''}`;
    case 'null-parameter':
      return `a NULL parameter is rejected${which}`;
    case 'not-found':
      return `an identifier that does not exist is reported${which}`;
    case 'already-deleted':
      return `deleting a handle that was already deleted${which}`;
    case 'use-after-delete':
      return `after ${cs.setup?.api ?? cs.api} deleted the handle, ${cs.call?.api ?? '?'} → ${cs.expect.join(' | ')}`;
    case 'async-pending-then-complete':
      return 'the async call is queued, may report pending, and completes';
    case 'callback-fires':
      return 'the completion callback fires';
    case 'callback-once':
      return 'the completion callback fires exactly once per completed call';
    case 'callback-data':
      return 'the completion callback receives the data given at registration';
    case 'callback-context':
      return 'the completion callback receives the context of the call';
    case 'callback-removed':
      return 'a NULL callback removes the registration: the callback no longer fires';
    case 'returns-new-object':
      return `returns a new object, not NULL${cs.release ? ` (freed with ${cs.release.api})` : ''}`;
    case 'null-accepted':
      return 'NULL is accepted';
    case 'todo':
      return cs.title;
  }
}
