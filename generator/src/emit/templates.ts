/**
 * Template sets and the Handlebars environment.
 *
 * A template set is the built-in `templates/` folder, overridden file by file by a user folder
 * (`--templates DIR`): a file of the same relative name replaces the built-in one, other files
 * are added (for example extra partials). Files under `partials/` are registered as partials named
 * by their file name without `.hbs` (`partials/tsdoc-api.hbs` → `{{> tsdoc-api}}`).
 *
 * Each run gets its own environment (`Handlebars.create()`), so helpers and partials never leak
 * between runs. Templates compile with `noEscape` (never HTML-escape into code) and `strict`
 * (a missing field is an error, not an empty string). Doc text must reach the output through the
 * context escapers registered here as helpers:
 *
 * | helper   | context                                           |
 * |----------|---------------------------------------------------|
 * | `tsdoc`  | text (Markdown) inside a `/** … *​/` comment       |
 * | `tsdoclink` | `{@link url \| text}` from `{ url, text }`      |
 * | `comment`| text of a `//` line comment                       |
 * | `str`    | a TypeScript string literal (quotes included)     |
 * | `ident`  | a TypeScript identifier                           |
 * | `hex`    | a 32-bit value as `0x` + 8 hex digits             |
 * | `json`   | a JSON value (strings quoted)                     |
 * | `data`   | a data literal over lines (`width=`, `expand=`)   |
 * | `md`     | Markdown inline text                              |
 * | `mdcode` | Markdown inline code                              |
 */
import Handlebars from 'handlebars';
import { TemplateError } from './errors.js';
import { hex32, htmlCommentText, jsonText, lineCommentText, markdownCode, markdownText, tsdocLink, tsdocText, tsString, type TsdocLink } from './escape.js';
import { identifier } from '../naming/names.js';
import { dataText, type DataTextOptions } from './data-text.js';

export { loadTemplateSet, templateSetFromRecords, type TemplateSet, type TemplateSource } from './template-set.js';
import type { TemplateSet, TemplateSource } from './template-set.js';

export interface Renderer {
  /** Renders template `name` with `view`; throws `TemplateError` (DG6005) naming the template and line. */
  render(name: string, view: unknown, output?: string): string;
  source(name: string): TemplateSource;
}

type HelperOptions = { loc?: { start?: { line?: number; column?: number } }; hash?: Record<string, unknown> };

/** An error raised inside a helper, carrying the template position Handlebars gave the helper. */
class HelperError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Wraps a one-argument helper: checks the argument is present and of the right type (strict mode
 * does not check helper arguments), and turns failures into positioned errors.
 */
function helper<T>(name: string, accepts: (v: unknown) => v is T, expected: string, fn: (v: T, options: HelperOptions) => string) {
  return function (this: unknown, ...args: unknown[]): string {
    const options = (args[args.length - 1] ?? {}) as HelperOptions;
    const value = args.length > 1 ? args[0] : undefined;
    const line = options.loc?.start?.line;
    const column = options.loc?.start?.column;
    if (args.length !== 2) throw new HelperError(`the ${name} helper takes exactly one argument`, line, column);
    if (!accepts(value)) {
      throw new HelperError(`the ${name} helper expects ${expected}, got ${value === undefined ? 'undefined (a missing field?)' : typeof value}`, line, column);
    }
    try {
      return fn(value, options);
    } catch (e) {
      throw new HelperError(`the ${name} helper failed: ${(e as Error).message}`, line, column);
    }
  };
}

/** The `width=` and `expand=` options of the `data` helper: non-negative integers. */
function dataOptions(hash: Record<string, unknown>): DataTextOptions {
  const options: DataTextOptions = {};
  for (const [key, value] of Object.entries(hash)) {
    if ((key !== 'width' && key !== 'expand') || typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(`data takes the options width= and expand= (non-negative integers), not ${key}=${String(value)}`);
    }
    options[key] = value;
  }
  return options;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number';
const isAny = (v: unknown): v is unknown => v !== undefined;
const isLink = (v: unknown): v is TsdocLink => typeof v === 'object' && v !== null && typeof (v as TsdocLink).url === 'string' && typeof (v as TsdocLink).text === 'string';

/** Creates the Handlebars environment of one run over a template set. */
export function createRenderer(set: TemplateSet): Renderer {
  const hb = Handlebars.create();
  hb.registerHelper('tsdoc', helper('tsdoc', isString, 'text', tsdocText));
  hb.registerHelper('tsdoclink', helper('tsdoclink', isLink, 'a link ({ url, text })', tsdocLink));
  hb.registerHelper('comment', helper('comment', isString, 'text', lineCommentText));
  hb.registerHelper('htmlcomment', helper('htmlcomment', isString, 'text', htmlCommentText));
  hb.registerHelper('str', helper('str', isString, 'text', tsString));
  hb.registerHelper('ident', helper('ident', isString, 'a name', identifier));
  hb.registerHelper('hex', helper('hex', isNumber, 'a number', hex32));
  hb.registerHelper('json', helper('json', isAny, 'a value', (v) => jsonText(v)));
  hb.registerHelper('data', helper('data', isAny, 'a value', (v, o) => dataText(v, dataOptions(o.hash ?? {}))));
  hb.registerHelper('md', helper('md', isString, 'text', markdownText));
  hb.registerHelper('mdcode', helper('mdcode', isString, 'text', markdownCode));

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const source = (name: string): TemplateSource => {
    const s = set.get(name);
    if (!s) throw new TemplateError('DG6005', name, name, 0, 0, 'no such template in the built-in or user template folder');
    return s;
  };
  const compile = (name: string): Handlebars.TemplateDelegate => {
    let fn = compiled.get(name);
    if (!fn) {
      fn = hb.compile(source(name).text, { noEscape: true, strict: true });
      compiled.set(name, fn);
    }
    return fn;
  };

  // Partials are registered as compiled functions so an error inside one can name it.
  for (const name of set.names()) {
    const m = /^partials\/(.+)\.hbs$/.exec(name);
    if (!m) continue;
    const partialName = m[1]!;
    hb.registerPartial(partialName, (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return compile(name)(context, options);
      } catch (e) {
        throw e instanceof TemplateError ? e : toTemplateError(e, source(name));
      }
    });
  }

  return {
    source,
    render(name, view, output) {
      const src = source(name);
      try {
        return compile(name)(view);
      } catch (e) {
        if (e instanceof TemplateError) throw e;
        throw toTemplateError(e, src, output);
      }
    },
  };
}

/** Maps a Handlebars or helper error to a TemplateError naming the template, line and column. */
function toTemplateError(e: unknown, src: TemplateSource, output?: string): TemplateError {
  const err = e as { message?: string; lineNumber?: number; column?: number };
  let message = String(err.message ?? e);
  let line = typeof err.lineNumber === 'number' ? err.lineNumber : 0;
  let column = typeof err.column === 'number' ? err.column + 1 : 0;
  const parse = /^Parse error on line (\d+):[\s\S]*\n(Expecting [^\n]*)$/.exec(message);
  if (parse) {
    line = Number(parse[1]);
    column = 0;
    message = `Handlebars syntax error: ${parse[2]!.replace(/^Expecting/, 'expecting')}`;
  } else {
    // Handlebars appends " - line:column" to runtime errors; the position is reported separately.
    message = message.replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]/, '');
    if (/^"[^"]+" not defined$/.test(message)) message = `${message} (the view has no such field and there is no such helper)`;
  }
  return new TemplateError('DG6005', src.name, src.displayPath, line, column, message, output);
}
