'use strict';

/** Rows as a Markdown table with padded columns, for the demo and the benchmark. */
function markdownTable(columns, rows) {
	const text = (value) => String(value ?? '');
	const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
	const line = (cells) => `| ${cells.map((cell, i) => text(cell).padEnd(widths[i])).join(' | ')} |`;
	const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
	return [line(columns), rule, ...rows.map((r) => line(columns.map((c) => r[c])))].join('\n');
}

module.exports = { markdownTable };
