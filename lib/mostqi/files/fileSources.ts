/**
 * Where a file input can come from: one table for the editor's choices, the canvas subtitle and
 * the run-time check of a per-item expression.
 */
export const FILE_SOURCES = [
	{
		name: 'Binary File',
		value: 'binary',
		description: 'A file from an earlier node (form upload, download, database, storage)',
	},
	{
		name: 'URL',
		value: 'url',
		description: 'An http(s) address that MostQi downloads the file from',
	},
	{
		name: 'Base64',
		value: 'base64',
		description: 'The file as base64 text (a data: URL prefix is fine)',
	},
] as const;

export type FileSourceKind = (typeof FILE_SOURCES)[number]['value'];

export const SOURCE_VALUES: readonly string[] = FILE_SOURCES.map((source) => source.value);

/** The values, quoted, for a message: "binary", "url" or "base64". */
export function sourceChoices(conjunction: 'or' | 'and'): string {
	const quoted = SOURCE_VALUES.map((value) => `"${value}"`);
	return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/**
 * The canvas subtitle's name of a source parameter, as an expression fragment: "Binary File" for
 * `binary`, …, and "per item" for an expression.
 */
export function sourceNameExpression(parameter: string): string {
	const names = JSON.stringify(
		Object.fromEntries(FILE_SOURCES.map((source) => [source.value, source.name])),
	);
	return `(${names}[$parameter["${parameter}"]] || "per item")`;
}
