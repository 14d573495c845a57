import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: [group.from].flat(), message: group.why })) },
  ],
});

// The gateway's front door: outside gateway/, main-side code imports only gateway/index.ts.
const frontDoor = {
  from: ['**/gateway/**', '!**/gateway/index.js'],
  why: 'Enter the gateway through gateway/index.ts; export what you need there.',
};

// Import rules (style.md): each runtime folder may only reach what it is allowed to.
// test/boundaries.test.ts enforces the same rules on the real import graph.
export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
      // npm run word-vectors unpacks its pinned packages here (ignored by git too).
      '.word-vectors/**',
    ],
  },
  {
    // Plain Node scripts (the launcher and the bin).
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Type-aware rules for promises: a promise nobody awaits loses its error and its order.
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      { from: 'node:*', why: 'src/shared is pure TypeScript (zod only).' },
      { from: 'electron', why: 'src/shared is pure TypeScript (zod only).' },
      { from: 'react', why: 'src/shared is pure TypeScript (zod only).' },
      { from: '**/main/**', why: 'src/shared must not reach into main/.' },
      { from: '**/renderer/**', why: 'src/shared must not reach into renderer/.' },
    ]),
  },
  {
    files: ['src/main/gateway/**/*.ts'],
    rules: restrict([
      { from: 'electron', why: 'The gateway runs under plain Node; adapters live in desktop/.' },
      { from: '**/control/**', why: 'gateway/ must not import control/.' },
      { from: '**/desktop/**', why: 'gateway/ must not import desktop/.' },
    ]),
  },
  {
    files: [
      'src/main/control/**/*.ts',
      'src/main/cli/**/*.ts',
      'src/main/headless.ts',
      'src/main/compose.ts',
    ],
    rules: restrict([
      { from: 'electron', why: 'control/ and the headless entry run under plain Node.' },
      { from: '**/desktop/**', why: 'Only index.ts wires desktop/.' },
      frontDoor,
    ]),
  },
  {
    files: ['src/main/setup/**/*.ts'],
    rules: restrict([
      { from: 'electron', why: 'setup/ runs under plain Node.' },
      { from: '**/control/**', why: 'setup/ serves control/ and cli/; it never imports them.' },
      { from: '**/cli/**', why: 'setup/ serves control/ and cli/; it never imports them.' },
      { from: '**/desktop/**', why: 'Only index.ts wires desktop/.' },
      frontDoor,
    ]),
  },
  {
    files: ['src/main/desktop/**/*.ts', 'src/main/index.ts', 'src/main/boot.ts'],
    rules: restrict([frontDoor]),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([
      { from: 'node:*', why: 'The preload is sandboxed.' },
      { from: '**/main/**', why: 'The preload only knows src/shared/control.ts.' },
    ]),
  },
  {
    // The rules of hooks, plus the React Compiler's checks; a missing effect dependency is an
    // error because a stale closure in a view shows old data without any other sign.
    files: ['src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict([
      { from: 'node:*', why: 'The renderer is a web page.' },
      { from: 'electron', why: 'The renderer reaches the app only through the ControlApi.' },
      { from: '**/main/**', why: 'The renderer reaches the app only through the ControlApi.' },
      { from: '**/preload/**', why: 'The renderer reaches the app only through the ControlApi.' },
    ]),
  },
  {
    // The bin is CommonJS: a start then skips setting up Node's ES module loader.
    files: ['bin/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
