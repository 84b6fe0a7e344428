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
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
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
