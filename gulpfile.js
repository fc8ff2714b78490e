// tsc emits only JavaScript: copy what n8n also loads from dist/ (icons, codex files).
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{svg,png,json}', 'credentials/**/*.{svg,png}'], { base: '.' }).pipe(
		dest('dist'),
	);
}

exports['build:icons'] = copyAssets;
