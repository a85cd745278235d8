/**
 * One header, from its bytes alone: decode, lex, preprocess for every build variant, cut into
 * items and read them. A pure function of (file name, bytes, config), so its result can be
 * cached by the bytes' sha256 and the config.
 */
import { compareDiagnostics, diagnostic } from '../diagnostics.js';
import { buildMacros, DEFAULT_HEADER_CONFIG, variantNames, type HeaderConfig } from './config.js';
import { decodeHeader } from './decode.js';
import { ItemSplitter, readItemInRegions } from './items.js';
import { scan, type ScanResult } from './lex.js';
import type { HeaderFileIndex, HeaderRegion } from './model.js';
import { preprocess, type PackChange } from './preprocess.js';
import { perObject } from '../memo.js';

export function emptyFileIndex(file: string, variants: string[]): HeaderFileIndex {
  return { file, variants, regions: [], macros: [], functions: [], callbacks: [], typedefs: [], records: [], enums: [], invocations: [], diagnostics: [] };
}

const buildsOf = perObject((config: HeaderConfig): Map<string, string>[] => buildMacros(config));

const undefinedOf = perObject((config: HeaderConfig): ReadonlySet<string> => new Set(config.undefinedMacros));

/** Text whose first character is `<` (markup) or that is full of characters C never uses. */
function looksLikeC(scanned: ScanResult): boolean {
  if (scanned.firstSignificant === '<') return false;
  return scanned.strays <= 16 || scanned.strays * 50 <= scanned.significant;
}

export function indexHeaderFile(file: string, bytes: Uint8Array, config: HeaderConfig = DEFAULT_HEADER_CONFIG): HeaderFileIndex {
  const index = emptyFileIndex(file, variantNames(config));
  try {
    readInto(index, bytes, config);
  } catch (error) {
    // A bug in docgen, not the header's fault: say so and keep going with the other headers.
    index.diagnostics.push(diagnostic('DG8007', file, 1, `docgen failed on this header (${error instanceof Error ? error.message : String(error)}); it was skipped.`));
    index.skipped = 'docgen failed';
  }
  index.diagnostics.sort(compareDiagnostics);
  return index;
}

function readInto(index: HeaderFileIndex, bytes: Uint8Array, config: HeaderConfig): void {
  const { file } = index;
  const decoded = decodeHeader(file, bytes);
  index.diagnostics.push(...decoded.diagnostics);
  if (decoded.text === undefined) {
    index.skipped = 'binary';
    return;
  }
  const scanned = scan(decoded.text);
  if (!looksLikeC(scanned)) {
    index.diagnostics.push(diagnostic('DG8003', file, 1, 'The header does not look like C (markup or characters C never uses); it was skipped.'));
    index.skipped = 'not C';
    return;
  }
  // Items are read as the preprocessor produces their tokens, so a header's tokens die young.
  const regions: HeaderRegion[] = [];
  const packs: PackChange[] = [];
  const context = { file, regions, packs, facts: index, diagnostics: index.diagnostics };
  const splitter = new ItemSplitter(file, index.diagnostics, (item) => readItemInRegions(item, context));
  const pp = preprocess(file, decoded.text, scanned.chunks, {
    onToken: (t) => splitter.push(t),
    builds: buildsOf(config),
    packIncludes: config.packIncludes,
    undefinedMacros: undefinedOf(config),
    regions,
    packs,
  });
  index.diagnostics.push(...pp.diagnostics);
  if (pp.error) {
    Object.assign(index, emptyFileIndex(file, index.variants), { diagnostics: index.diagnostics });
    index.diagnostics.push(diagnostic('DG8014', file, pp.error.line, `The header stops with #error for the chosen build ("${pp.error.message.slice(0, 120)}"); it was skipped.`));
    index.skipped = '#error';
    return;
  }
  splitter.end();
  index.regions = pp.regions;
  index.macros = pp.macros;
}
