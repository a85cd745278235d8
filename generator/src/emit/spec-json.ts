/**
 * `spec.json` (the spec model the package was generated from, as given) and `spec.schema.json`
 * (its JSON Schema).
 */
import { specJsonSchema } from '../model/spec.js';
import type { Emitter } from './emitter.js';

export const specJson: Emitter = {
  name: 'spec-json',
  emit({ spec }) {
    return {
      files: [
        { path: 'spec.json', template: 'spec.json.hbs', view: { spec } },
        { path: 'spec.schema.json', template: 'spec.schema.json.hbs', view: { schema: specJsonSchema() }, inputs: [] },
      ],
    };
  },
};
