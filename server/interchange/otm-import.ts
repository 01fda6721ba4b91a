import type { ImportedModel } from './imported-model.js';
import { ImportError } from './import-error.js';

export function otmModel(_input: unknown): ImportedModel {
  throw new ImportError('not yet');
}
