// Lint rules that encode the project's style (docs: named exports, type-only imports, no floating promises,
// console only in the CLI, reports and benchmarks).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'templates/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: new URL('..', import.meta.url).pathname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Import direction of DESIGN.md: the pure layers never reach the effectful ones.
    files: ['src/core/**/*.ts', 'src/formats/**/*.ts', 'src/plan/**/*.ts', 'src/calico/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**', '**/wizard/**', '**/marathon/**', '**/apply/**'], message: 'core, formats, plan and calico stay pure (DESIGN.md import direction).' },
            { group: ['axios', '@inquirer/*', 'node:http', 'node:https'], message: 'no network or prompts in the pure layers.' },
          ],
        },
      ],
    },
  },
  {
    // The plan and the format handlers are pure functions of their input text (bundled assets aside).
    files: ['src/formats/**/*.ts', 'src/plan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/cli/**', '**/wizard/**', '**/marathon/**', '**/apply/**'], message: 'formats and plan stay pure (DESIGN.md import direction).' },
            { group: ['axios', '@inquirer/*', 'node:http', 'node:https', 'node:fs', 'node:fs/*', 'fs'], message: 'no I/O in the plan or the format handlers.' },
          ],
        },
      ],
    },
  },
  {
    // One axios user and one inquirer user.
    files: ['src/**/*.ts'],
    ignores: ['src/marathon/client.ts', 'src/wizard/prompts.ts', 'src/core/**', 'src/formats/**', 'src/plan/**', 'src/calico/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['axios'], message: 'src/marathon/client.ts is the only axios user.' },
            { group: ['@inquirer/*', 'inquirer'], message: 'src/wizard/prompts.ts is the only inquirer import.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/report/**/*.ts', 'test/**/*.ts', 'src/emulator/serve.ts'],
    rules: { 'no-console': 'off' },
  },
);
