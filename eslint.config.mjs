import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', '.tools/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only core/config.ts reads the environment (STYLE.md: one composition root).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through core/config.ts' }],
    },
  },
  {
    files: ['core/config.ts', 'test/**', 'bench/**', 'scripts/**', 'runtime/**', 'web/**', '*.config.*', '*.mjs'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Plain Node scripts (no TypeScript to tell eslint what `process` is).
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
);
