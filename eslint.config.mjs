import js from '@eslint/js';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'server/language/generated/**', '.e2e/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
      // One TypeScript program for every file tsconfig.json includes: the type-aware rules
      // (floating and misused promises, unsafe `any`, …) read the same types as `npm run typecheck`.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Langium's services are async by signature: an override with nothing to await stays async.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // A closed document that was put away keeps an empty stand-in model: the server reads a
    // document's model through modelOf, which says so (the parsing layer reads parse results).
    files: ['server/**/*.ts'],
    ignores: ['server/language/workspace/put-away-documents.ts', 'server/language/parsing/**'],
    rules: {
      'no-restricted-syntax': ['error',
        {
          selector: "MemberExpression[property.name='value'][object.property.name='parseResult']",
          message: 'Read a document\'s model with modelOf(document) (server/language/workspace/put-away-documents.ts): a put-away document\'s parseResult.value is an empty stand-in.',
        },
        {
          selector: "VariableDeclarator[init.property.name='parseResult'] > ObjectPattern > Property[key.name='value']",
          message: 'Read a document\'s model with modelOf(document) (server/language/workspace/put-away-documents.ts): a put-away document\'s parseResult.value is an empty stand-in.',
        },
      ],
    },
  },
  // The build scripts are JavaScript outside tsconfig.json: no types to check them with.
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['test/**/*.ts'],
    ...vitest.configs.recommended,
    rules: {
      ...vitest.configs.recommended.rules,
      // A second argument is vitest's message for the failure.
      'vitest/valid-expect': ['error', { alwaysAwait: true, maxArgs: 2 }],
      // The project's harnesses assert: expectDiagnostic, expectCompletion (langium/test), …
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'fc.assert'] }],
      // A per-kind expectation inside a loop over a model's elements is deliberate.
      'vitest/no-conditional-expect': 'off',
      'vitest/no-disabled-tests': 'error',
      'vitest/no-focused-tests': 'error',
      'vitest/valid-expect-in-promise': 'error',
      // Vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  // Harnesses and page objects assert on behalf of the tests that call them.
  { files: ['test/**/*.ts'], ignores: ['test/**/*.test.ts', 'test/**/*.e2e.ts'], rules: { 'vitest/no-standalone-expect': 'off' } },
);
