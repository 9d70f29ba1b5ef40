// Flat config: typescript-eslint recommended plus the one architectural rule that matters most:
// the hardware-agnostic core in src/ never imports a device library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const deviceLibraries = [
  'serialport',
  '@serialport/*',
  'node-opcua',
  'node-opcua-*',
  'onoff',
  'net',
  'node:net',
  'dgram',
  'node:dgram',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/compose.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: deviceLibraries,
              message: 'src/ is hardware-agnostic: implement a port in devices/ instead.',
            },
            {
              group: ['**/devices/**', '../devices', '../../devices'],
              message: 'only src/cli/compose.ts wires devices in.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
