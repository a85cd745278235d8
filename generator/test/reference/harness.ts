/**
 * Runs the generated conformance suite (child `node --test` process) against the implementation
 * named by CONFORMANCE_IMPL: `reference`, `stubs`, or a mutant name. CONFORMANCE_PKG is the built
 * generated package.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MUTANTS, referenceSetup, type Mutant } from './implementation.js';

const pkg = process.env.CONFORMANCE_PKG!;
const which = process.env.CONFORMANCE_IMPL ?? 'reference';
const load = (rel: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(pkg, 'dist', rel)).href) as Promise<Record<string, unknown>>;

const { runConformance } = (await load('conformance/index.js')) as { runConformance: (i: unknown, f: unknown, o?: unknown) => Promise<unknown> };
if (which === 'stubs') {
  const { SspiStub } = (await load('stubs/sspi.js')) as { SspiStub: new () => unknown };
  const { NtsecpkgStub } = (await load('stubs/ntsecpkg.js')) as { NtsecpkgStub: new () => unknown };
  const fixtures = {
    CtxtHandle: { valid: () => ({ dwLower: 1, dwUpper: 1 }), invalid: () => ({ dwLower: 2, dwUpper: 2 }) },
    LUID: { valid: () => ({ LowPart: 1, HighPart: 0 }), missing: () => ({ LowPart: 2, HighPart: 0 }) },
    SspiAsyncContext: { invalid: () => ({}), valid: () => ({}) },
  };
  await runConformance({ sspi: new SspiStub(), ntsecpkg: new NtsecpkgStub() }, fixtures, { timeoutMs: 200 });
} else {
  const mutant = which === 'reference' ? undefined : (which as Mutant);
  if (mutant && !(mutant in MUTANTS)) throw new Error(`unknown mutant ${which}`);
  const { impls, fixtures } = referenceSetup(mutant);
  await runConformance(impls, fixtures, { timeoutMs: 300 });
}
