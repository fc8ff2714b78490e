/**
 * n8n replaces the message of a node error that contains a system error code anywhere in it,
 * case-insensitively, with a generic sentence of its own: a missing binary field
 * "residencePermit" (which holds "ePerm") would read "Operation not permitted, make sure you have
 * the right permissions". The rule is NodeError.setDescriptiveErrorMessage in n8n-workflow
 * (errors/abstract/node.error.js), run by the NodeOperationError and NodeApiError constructors
 * on the message (not the description), on `message.toUpperCase().includes(code)`, and again on
 * the code NodeApiError found (its httpCode, else the response's `code`). It runs each time n8n
 * wraps an error again: a token error inside n8n's request helper, any error of a node used as an
 * AI Agent tool. The list, COMMON_ERRORS, is the same in every n8n-workflow the package is tested
 * with (1.120.31 in n8n 1.123, 2.0.1 in n8n 2.0, 2.41.0 in n8n 2.41).
 *
 * Every message and description the package makes goes through `survivesN8n`, whatever the user's
 * field names, file names and URLs (and MostQi's texts) hold.
 */

/** n8n-workflow's COMMON_ERRORS keys (its rule upper-cases the message before looking). */
export const N8N_REWRITTEN_CODES: readonly string[] = [
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'ERRADDRINUSE',
	'EADDRNOTAVAIL',
	'ECONNABORTED',
	'EHOSTUNREACH',
	'EAI_AGAIN',
	'ENOENT',
	'EISDIR',
	'ENOTDIR',
	'EACCES',
	'EEXIST',
	'EPERM',
	'GETADDRINFO',
];

/**
 * U+2060 WORD JOINER: invisible, never a line break, not a letter, so that no code reads across
 * it. It goes before the letter that completes a code: "residencePer\u2060mit" shows as
 * "residencePermit".
 */
const JOINER = '\u2060';

const LONGEST_CODE = Math.max(...N8N_REWRITTEN_CODES.map((code) => code.length));

/**
 * `text` as it reads, with a joiner inside every run of letters that n8n would take for a system
 * error code. It is checked on the upper-cased text as n8n does (where "ß" becomes "SS"), one
 * character at a time, so that breaking one code never leaves another; text without a code comes
 * back as it was, and running it twice changes nothing.
 */
export function survivesN8n(text: string): string;
export function survivesN8n(text: string | undefined): string | undefined;
export function survivesN8n(text: string | undefined): string | undefined {
	if (text === undefined || !hasCode(text.toUpperCase())) return text;
	let out = '';
	// the upper-cased characters since the last joiner, as far back as a code can reach
	let tail = '';
	for (const char of text) {
		const upper = char.toUpperCase();
		if (hasCode(tail + upper)) {
			out += JOINER;
			tail = '';
		}
		out += char;
		tail = (tail + upper).slice(-(LONGEST_CODE + 2));
	}
	return out;
}

/** `text` as the builder typed it: for item JSON, which n8n never rewrites. */
export function withoutJoiners(text: string): string {
	return text.split(JOINER).join('');
}

function hasCode(upper: string): boolean {
	return N8N_REWRITTEN_CODES.some((code) => upper.includes(code));
}

/** The fields of an n8n node error this reads and sets (whichever n8n-workflow copy made it). */
interface NodeErrorFields {
	message: string;
	description?: string | null;
	messages?: string[];
}

/**
 * Sets the message and description the package meant on an n8n error after its constructor ran:
 * the constructor may still have replaced the message by the code route (a MostQi code such as
 * "ENOENT" that NodeApiError takes for its httpCode), which no wording avoids. The original is
 * then also in `messages`, where n8n's editor would repeat it; it is taken out again.
 */
export function keepWords<E extends NodeErrorFields>(
	error: E,
	message: string,
	description?: string,
): E {
	const wanted = survivesN8n(message);
	if (error.message !== wanted) {
		if (Array.isArray(error.messages)) error.messages = error.messages.filter((m) => m !== wanted);
		error.message = wanted;
	}
	if (description !== undefined) error.description = survivesN8n(description);
	return error;
}
