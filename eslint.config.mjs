// ESLint (issue 13.5): typescript-eslint's recommended rules over every TypeScript and JavaScript file of the
// repository; `npm run lint`, run by CI (.ci/run). Generated code is left out (codegen writes it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const node = { console: 'readonly', process: 'readonly' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', 'src/resolvers/__generated__/', 'src/generated/', 'test/support/operations.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { runId: _runId, ...counts } = …` leaves a property out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // Jest's configuration files are CommonJS, run by Node.
  { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', globals: { ...node, require: 'readonly', module: 'writable' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.mjs'], languageOptions: { globals: node } },
  {
    // Decision: the tests read GraphQL answers as untyped JSON (`any`) until they use typed operations
    // (issue 13.6, test/support/operations.ts); then this exception goes.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
