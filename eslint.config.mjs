// The rule sets n8n's community package scanner runs (@n8n/scan-community-package): the
// recommended set of @n8n/eslint-plugin-community-nodes plus no-console, and the community,
// credentials and nodes sets of eslint-plugin-n8n-nodes-base (eslintrc-style configs, mapped
// here to flat config). Run on package.json, the sources and the built dist/ JavaScript.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';
import * as jsoncParser from 'jsonc-eslint-parser';

const base = { 'n8n-nodes-base': n8nNodesBase };
const recommended = communityNodes.configs.recommended;

export default [
	{ ignores: ['node_modules/**', 'test/**', 'coverage/**', 'eslint.config.mjs', 'gulpfile.js', 'jest.config.js'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { ...base, ...recommended.plugins },
		rules: { ...n8nNodesBase.configs.community.rules, ...recommended.rules },
	},
	{
		files: ['credentials/**/*.ts', 'lib/**/*.ts', 'nodes/**/*.ts', 'dist/**/*.js'],
		languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
		plugins: { ...base, ...recommended.plugins },
		rules: { ...recommended.rules, 'no-console': 'error' },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		rules: n8nNodesBase.configs.nodes.rules,
	},
];
