import type { IHttpRequestOptions } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import { MostQiFailureError } from '../failure';

/**
 * A node's Timeout bounds a whole try, its token request included, but the token request runs in
 * the credential's preAuthentication hook, which n8n gives neither the Timeout nor the cancel
 * signal. A node that stops waiting cannot stop that request; without more, the comparison would
 * still go out (and be billed) once the late token came. So the node writes the moment its try
 * ends on the request's options, and the credential, which sees them once the token is there,
 * sends nothing after it and gives the comparison only the time that is left.
 */
const DEADLINE = 'mostQiDeadline';

type WithDeadline = IHttpRequestOptions & { [DEADLINE]?: unknown };

/** `options` that end `timeoutMs` from now, token request included. */
export function withDeadline(options: IHttpRequestOptions, timeoutMs: number): IHttpRequestOptions {
	return { ...options, [DEADLINE]: Date.now() + timeoutMs } as WithDeadline;
}

/**
 * The options as the credential sends them: the time left as the HTTP timeout. When none is left,
 * the try was given up already: a TIMEOUT failure, and nothing is sent.
 */
export function spendDeadline(options: IHttpRequestOptions, now = Date.now()): IHttpRequestOptions {
	const { [DEADLINE]: deadline, ...rest } = options as WithDeadline;
	if (typeof deadline !== 'number') return options;
	const left = Math.floor(deadline - now);
	if (left <= 0) {
		throw new MostQiFailureError({
			message: "MostQi's token came after the node's Timeout, so the comparison was not sent",
			description:
				'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
			errorCode: ERROR_CODES.TIMEOUT,
		});
	}
	return { ...rest, timeout: Math.min(rest.timeout ?? left, left) };
}
