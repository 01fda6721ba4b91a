import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'server/language/generated/**', '.e2e/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
);
