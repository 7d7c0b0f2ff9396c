// ESLint with typescript-eslint's type-aware rules: the ones that catch a promise nobody awaits
// or a promise handed to something that expects a plain value (an event handler, a condition)
// need the TypeScript program, which projectService builds from tsconfig.json.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', '.tools/', '.tmp/', 'node_modules/', 'bench/results/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test() and describe() return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // tsconfig.json's noFallthroughCasesInSwitch checks this with types (a case that ends in
      // process.exit() does not fall through; ESLint's own rule cannot tell).
      'no-fallthrough': 'off',
      // Implementations of Promise-returning interfaces are async without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // Options objects declare their callbacks in method syntax (`log(line: string): void`);
      // what is passed is a plain function, so every hit here was about a `this` none uses.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // A source file that outgrows this holds more than one concept: split it along a seam.
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 350 }] },
  },
  {
    // The plain .mjs scripts are not in tsconfig.json's program: no type information for them.
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
