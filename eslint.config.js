// Lint configuration: typescript-eslint's type-aware recommended rules over all project sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated output wherever it lands: `npx cdk synth` run from a per-environment directory inside
  // the checkout (docs/deploy.md) writes bundles to that directory's own cdk.out/.
  { ignores: ['**/node_modules/', '**/cdk.out/', '**/dist/', '**/.data/', '**/coverage/', '.venv/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // JSDoc in .ts files carries no type information and none of these rules reads it: skipping
      // it when TypeScript builds the program (1.15M lines of .d.ts, mostly aws-cdk-lib's, whose
      // JSDoc is long) saves about 5 s of the lint's CPU. A rule that needs JSDoc (e.g.
      // no-deprecated) would need 'all' again.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, jsDocParsingMode: 'type-info' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
      // vitest 5 hooks take their fixtures first (`afterAll(({}, suite) => …)`), even when unused.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly' },
    },
  },
  {
    // The CLI, the benchmark and build scripts talk to a person on the terminal.
    files: ['cli/**', 'bench/**', 'scripts/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
