import { ExecutionBaseError } from 'n8n-workflow';

import { survivesN8n } from './messages';

/** What went wrong with one MostQi call, in words a builder acts on. */
export interface MostQiFailure {
	/** What went wrong, in plain words; never holds a secret. */
	message: string;
	/** What to do about it. */
	description: string;
	/** MostQi's code (R101, R117, E100, …) or one of ERROR_CODES. */
	errorCode: string;
	httpCode?: number;
	requestId?: string;
	/** How long MostQi asked us to wait before trying again (its Retry-After header). */
	retryAfterMs?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A failure thrown by the credential (no token, a wrong Base URL, a try past its deadline), from
 * its preAuthentication inside n8n's request helper or from its Test. n8n's helper wraps it in a
 * NodeApiError of n8n's own n8n-workflow, which may be another copy than the package's (npm 7+
 * installs the peer dependency beside a package installed by hand). Across copies the wrapper
 * drops the context and (before n8n 2.41) the cause, and rewrites the message; it keeps
 * `response.data` as its `context.data` (NodeApiError does so for every HTTP error, in
 * n8n-workflow 1.120 to 2.41). So the failure travels in both: the context (the same copy) and
 * `response.data` (any copy), read back by `failureCarriedBy` without `instanceof`. `response`
 * has no `status`: n8n would take a 401 there for an expired token and ask for another. It never
 * carries the client key or the request.
 */
export class MostQiFailureError extends ExecutionBaseError {
	readonly response: { data: { mostQiFailure: MostQiFailure } };

	constructor(failure: MostQiFailure) {
		const words = {
			...failure,
			message: survivesN8n(failure.message),
			description: survivesN8n(failure.description),
		};
		super(words.message, { level: 'warning' });
		this.description = words.description;
		this.context.mostQiFailure = { ...words };
		this.response = { data: { mostQiFailure: { ...words } } };
	}
}

function asFailure(value: unknown): MostQiFailure | undefined {
	if (!isRecord(value)) return undefined;
	const { message, description, errorCode } = value;
	return typeof message === 'string' &&
		typeof description === 'string' &&
		typeof errorCode === 'string'
		? (value as unknown as MostQiFailure)
		: undefined;
}

/**
 * The failure a MostQiFailureError carries, whichever n8n-workflow copy made the error or the
 * wrapper around it, read from plain fields only: the error's own context, the context n8n's
 * wrapper shares with it (same copy), the wrapper's `context.data` (any copy), its `cause`.
 */
export function failureCarriedBy(error: unknown, depth = 0): MostQiFailure | undefined {
	if (!isRecord(error) || depth > 3) return undefined;
	const context = isRecord(error.context) ? error.context : {};
	const data = isRecord(context.data) ? context.data : {};
	const response =
		isRecord(error.response) && isRecord(error.response.data) ? error.response.data : {};
	return (
		asFailure(context.mostQiFailure) ??
		asFailure(data.mostQiFailure) ??
		asFailure(response.mostQiFailure) ??
		failureCarriedBy(error.cause, depth + 1)
	);
}
