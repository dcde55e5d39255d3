import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// The layers, top to bottom (docs/architecture.md): a folder imports only the folders
// below it. `wire/` (identifiers and socket shapes) is the bottom and imports nothing of
// ours, so the browser pages and the store may both use it.
const LAYERS = ['server', 'channels', 'app', 'jobs', 'core', 'models', 'wire'];
const SOURCE = [...LAYERS, 'runtime', 'web'];
const zones = [
  ...LAYERS.map((layer, i) => ({
    target: `./${layer}`,
    from: LAYERS.slice(0, i).map((above) => `./${above}`),
    message: `${layer}/ stands below ${LAYERS.slice(0, i).join(', ')} (layers: ${LAYERS.join(' → ')})`,
  })).filter((z) => z.from.length),
  // The store and the wire vocabulary know nothing of the runtime, tests or tools.
  { target: './models', from: ['./runtime', './test', './bench', './scripts', './web'], message: 'models/ imports only models/ and wire/' },
  {
    target: './wire',
    from: ['./runtime', './test', './bench', './scripts', './web', './node_modules'],
    message: 'wire/ imports nothing: the browser bundle and the store both read it',
  },
  // The embedded services are started by the composition root (server/) alone.
  ...['channels', 'app', 'jobs', 'core', 'models'].map((l) => ({
    target: `./${l}`,
    from: ['./runtime'],
    message: 'only server/ (the composition root) starts the embedded services in runtime/',
  })),
  {
    target: './runtime',
    from: ['./server', './channels', './app', './jobs', './models', './web'],
    message: 'runtime/ (the embedded services) needs only core/',
  },
  // The browser pages share only the wire vocabulary with the server.
  {
    target: './web',
    from: [...LAYERS.filter((l) => l !== 'wire').map((l) => `./${l}`), './runtime', './test', './bench', './scripts'],
    message: 'web/ imports only wire/ of the server side',
  },
  // No production code depends on tests, benchmarks or scripts.
  ...LAYERS.concat('runtime').map((l) => ({
    target: `./${l}`,
    from: ['./test', './bench', './scripts'],
    message: 'production code does not import tests, benchmarks or scripts',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', '.tools/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only core/config.ts reads the environment (one composition root).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration through core/config.ts' }],
    },
  },
  {
    files: SOURCE.map((f) => `${f}/**/*.{ts,mts}`),
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mts', '.js', '.json'] })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
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
