// The bundles (scripts/node-bundle.mjs) and the tests (vitest.config.ts) import a YAML file as its data.
declare module '*.yaml' {
  const data: unknown;
  export default data;
}
