// The linter of `npm test` (`npm run lint`): eslint's and typescript-eslint's recommended rules, React's hook
// rules for the renderer, and the import boundaries that keep one core under two shells (ARCHITECTURE.md).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports that would let the core (and the CLI) depend on Electron. */
const NO_ELECTRON = { name: 'electron', message: 'electron/core and electron/cli run without Electron: only electron/main and electron/preload import it.' };
/** Paths into a shell or the UI, as they appear in a relative import from the core. */
const SHELLS = [
  '**/electron/main',
  '**/electron/main/**',
  '**/electron/preload',
  '**/electron/preload/**',
  '**/electron/cli',
  '**/electron/cli/**',
  '**/renderer',
  '**/renderer/**',
  '../main/**',
  '../preload/**',
  '../cli/**',
  '../../main/**',
  '../../preload/**',
  '../../cli/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', '.vite/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `self` for getters on a returned object; `built` walks a version chain from `this`
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self', 'built'] }],
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      'no-control-regex': 'off', // the receiver and the exports match control characters on purpose
    },
  },
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } }, // parsed YAML and JSON, read loosely
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer sees only shared/ (the CompanionApi), never Electron.' }],
          patterns: [{ group: ['**/electron/**', '**/test/**', 'node:*'], message: 'The renderer imports only from renderer/ and shared/.' }],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', 'node:*'],
              message: 'shared/ is the contract: it imports nothing of the core, the shells or the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [{ group: SHELLS, message: 'The core knows no shell: it never imports electron/main, electron/preload, electron/cli or renderer/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.{ts,js}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_ELECTRON],
          patterns: [
            {
              group: ['**/electron/main/**', '../main/**', '**/electron/preload/**', '../preload/**', '**/renderer/**'],
              message: 'The CLI is a shell over the core: it never imports the Electron shell or the renderer.',
            },
          ],
        },
      ],
    },
  },
);
