// The bundles (scripts/node-bundle.mjs) and the tests (vitest.config.ts) import a YAML file as its text.
declare module '*.yaml' {
  const text: string;
  export default text;
}
