/** MostQi's Retry-After header, read once for every route. */

/**
 * Retry-After as milliseconds from `now`: either whole seconds or an HTTP date (RFC 9110).
 * Anything else is ignored, as if the header were absent.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
	// An HTTP date always names a day or month and a time; Date.parse alone accepts "1.5".
	if (!/[A-Za-z]{3}/.test(text) || !/\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
