import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-console': ['error', { allow: [] }],
    },
  },
  {
    // The CLI, scripts and tests write to the terminal on purpose.
    files: ['src/cli/**', 'scripts/**', 'test/**', 'src/sandbox/cli.ts'],
    rules: { 'no-console': 'off' },
  },
);
