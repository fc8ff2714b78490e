/**
 * Every error code a MostQi node writes on its own (an item's `errorCode` when MostQi named none),
 * and MostQi's own codes with what to do about them. A workflow branches on these codes, so
 * they are public: one list, read by every node.
 */
export const ERROR_CODES = {
	/** A parameter or input file of the item is unusable; nothing was sent. */
	INVALID_INPUT: 'INVALID_INPUT',
	/** MostQi (or something in its place) answered without the documented fields. */
	INVALID_RESPONSE: 'INVALID_RESPONSE',
	INVALID_BASE_URL: 'INVALID_BASE_URL',
	NO_CLIENT_KEY: 'NO_CLIENT_KEY',
	TIMEOUT: 'TIMEOUT',
	/** No answer: refused, reset, unknown host, … */
	NETWORK: 'NETWORK',
	/** The execution was stopped. */
	CANCELLED: 'CANCELLED',
	/** An HTTP 5xx that was not MostQi's JSON. */
	SERVER_ERROR: 'SERVER_ERROR',
	/** An HTTP 429 that was not MostQi's JSON. */
	RATE_LIMITED: 'RATE_LIMITED',
	/** A failure that carried no code at all. */
	UNKNOWN: 'UNKNOWN',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The code of a MostQi answer that named no code of its own: its HTTP status. */
export function httpStatusCode(statusCode: number): string {
	return `HTTP_${statusCode}`;
}

/** What to do about the codes MostQi documents; others get GENERIC_ADVICE. */
export const MOSTQI_ADVICE: Record<string, string> = {
	R117: 'MostQi did not accept the authorization. Check the client key (or bearer token) in the MostQi credential and that the Base URL is the MostQi domain your key belongs to.',
	R101: 'MostQi refused one of the parameters. Check that each face is a readable image or PDF (not blank, not a thumbnail smaller than 50 px a side) and that every URL can be downloaded by MostQi without logging in.',
	E100: 'MostQi could not process the request. This is usually temporary: run the workflow again later. If it keeps failing for the same images, contact MostQi support with the request ID.',
};

export const GENERIC_ADVICE =
	'Check the MostQi credential and the inputs; if the problem persists, contact MostQi support with the request ID.';
