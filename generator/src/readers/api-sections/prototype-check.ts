/**
 * Comparing documented parameters with the prototype: fills directions the prose leaves out
 * from SAL, and reports names, order and directions that disagree.
 */
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import type { CDeclaration, CParameter, ParameterDoc } from '../../model/page.js';

export interface CheckedParameters {
  parameters: ParameterDoc[];
  diagnostics: Diagnostic[];
}

/** Prototype parameters that are not real parameters (`void`, unnamed `...`). */
function namedPrototypeParameters(declaration: CDeclaration): CParameter[] {
  return declaration.parameters.filter((p) => p.name !== '' && p.name !== 'void');
}

export function checkParameters(apiName: string, documented: ParameterDoc[], declaration: CDeclaration | undefined, file: string): CheckedParameters {
  const diagnostics: Diagnostic[] = [];
  const prototype = declaration ? namedPrototypeParameters(declaration) : [];
  const byName = new Map(prototype.map((p) => [p.name, p]));
  const parameters = documented.map((doc) => {
    const sal = byName.get(doc.name);
    if (doc.direction && sal?.direction && sal.direction !== doc.direction) {
      diagnostics.push(
        diagnostic('DG2010', file, doc.source.line, `Parameter ${doc.name} of ${apiName} is documented as [${doc.direction}] but the prototype annotates it ${sal.sal ?? sal.direction}.`),
      );
    }
    if (doc.direction || !sal?.direction) return doc;
    return { ...doc, direction: sal.direction, optional: doc.optional || (sal.optional ?? false), directionFrom: 'sal' as const };
  });
  for (const doc of parameters) {
    if (!doc.direction && doc.name !== '...') {
      diagnostics.push(diagnostic('DG2006', file, doc.source.line, `Parameter ${doc.name} of ${apiName} has no direction: neither an [in]/[out] annotation nor a SAL annotation in the prototype.`));
    }
  }
  if (declaration) diagnostics.push(...compareNames(apiName, parameters, prototype, declaration, file));
  return { parameters, diagnostics };
}

function compareNames(apiName: string, documented: ParameterDoc[], prototype: CParameter[], declaration: CDeclaration, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const docNames = new Set(documented.map((d) => d.name));
  const protoNames = new Set(prototype.map((p) => p.name));
  for (const doc of documented) {
    if (!protoNames.has(doc.name) && doc.name !== '...') {
      diagnostics.push(diagnostic('DG2007', file, doc.source.line, `Parameter ${doc.name} is documented for ${apiName} but the prototype has no parameter of that name.`));
    }
  }
  for (const p of prototype) {
    if (!docNames.has(p.name) && p.name !== '...') {
      diagnostics.push(diagnostic('DG2008', file, declaration.source.line, `Prototype parameter ${p.name} of ${apiName} is not documented.`));
    }
  }
  const docOrder = documented.map((d) => d.name).filter((n) => protoNames.has(n));
  const protoOrder = prototype.map((p) => p.name).filter((n) => docNames.has(n));
  if (docOrder.join(',') !== protoOrder.join(',')) {
    const line = documented[0]?.source.line ?? declaration.source.line;
    diagnostics.push(diagnostic('DG2009', file, line, `The parameters of ${apiName} are documented in the order ${docOrder.join(', ')} but the prototype declares ${protoOrder.join(', ')}.`));
  }
  return diagnostics;
}
