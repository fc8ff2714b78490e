'use strict';
/**
 * The named checks of the suites that run outside jest (end-to-end, queue mode, browser): each
 * passes or fails on its own, prints one line, and counts toward the report CI reads.
 */

/**
 * `onFailure(error)` may add to what a failure prints (the browser suite saves the screen) and
 * returns lines to print after the error.
 */
function checkRunner({ onFailure } = {}) {
	const results = { passed: 0, failed: 0, cases: [] };
	async function check(name, fn) {
		const started = Date.now();
		try {
			await fn();
			results.passed += 1;
			results.cases.push({ name, ok: true, ms: Date.now() - started });
			console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
		} catch (error) {
			results.failed += 1;
			results.cases.push({ name, ok: false, error: String(error.stack ?? error) });
			console.log(`  ✕ ${name}\n${String(error.stack ?? error).replace(/^/gm, '      ')}`);
			const more = onFailure ? await onFailure(error).catch(() => undefined) : undefined;
			if (more) console.log(`      ${more}`);
		}
	}
	return { results, check };
}

module.exports = { checkRunner };
