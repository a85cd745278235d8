/**
 * `spec.json` (the spec model the package was generated from, as given) and `spec.schema.json`
 * (its JSON Schema).
 *
 * `spec.json` is the one file whose view is the whole spec, prose included; the pipeline writes it
 * from the spec's own text (`EmitSource.json()` in `keys.ts`) when its template is the plain
 * `{{json spec}}`, and renders a user's template with the full spec otherwise.
 */
import { specJsonSchema } from '../model/spec.js';
import type { Emitter } from './emitter.js';

export const specJson: Emitter = {
  name: 'spec-json',
  emit() {
    return {
      files: [{ path: 'spec.schema.json', template: 'spec.schema.json.hbs', view: () => ({ schema: specJsonSchema() }), inputs: [] }],
    };
  },
};
