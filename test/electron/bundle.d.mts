// Types of test/electron/bundle.mjs.
/** Bundles test/electron/suite.ts; returns the path of the .cjs file. */
export declare function bundleInHostSuite(): Promise<string>;
