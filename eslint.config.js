import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import glossa from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/fixtures/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
    },
  },
  {
    // The layering of src/ (see eslint/layers.js): no folder imports one above it.
    files: ['src/**/*.{ts,tsx,js,mjs}'],
    plugins: { glossa },
    rules: { 'glossa/layers': ['error', { root: 'src' }] },
  },
);
