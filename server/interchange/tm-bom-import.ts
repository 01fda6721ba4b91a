import type { ImportedModel } from './imported-model.js';
import { ImportError } from './import-error.js';

export function tmBomModel(_input: unknown): ImportedModel {
  throw new ImportError('not yet');
}
