// Types of node-bundle.mjs for the tests that bundle the server themselves.
import type { BuildOptions, Plugin } from 'esbuild';

export const yamlAsData: Plugin;
export const NODE_BUNDLE_OPTIONS: BuildOptions;
