import type { IHttpRequestOptions } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import { MostQiFailureError } from '../failure';
import { isLoopbackHost } from './baseUrl';

/**
 * A URL that MostQi itself will call back (a liveness session's webhook). A loopback address is
 * this machine, which MostQi on the internet never reaches (typically {{ $execution.resumeUrl }}
 * when n8n's WEBHOOK_URL is not set): a Wait node would wait its whole limit for a session already
 * paid for. It is fine when MostQi here is an emulator on this machine too. The node knows the
 * URL, only the credential knows the Base URL, and the node never reads the credential; so, as with
 * the deadline (deadline.ts), the node writes the URL on the request's options and the credential,
 * which sees both, refuses the request before it is sent.
 */
const CALLBACK = 'mostQiCallback';

export interface Callback {
	url: string;
	/** The field's label in the editor, for the message. */
	label: string;
}

type WithCallback = IHttpRequestOptions & { [CALLBACK]?: Callback };

/** `options` whose request asks MostQi to call `callback.url`. */
export function withCallback(
	options: IHttpRequestOptions,
	callback: Callback | undefined,
): IHttpRequestOptions {
	return callback ? ({ ...options, [CALLBACK]: callback } as WithCallback) : options;
}

/**
 * The options as the credential sends them, to the API root `root`. A callback on this machine
 * while MostQi is not is the item's input error, and nothing is sent.
 */
export function checkCallback(options: IHttpRequestOptions, root: string): IHttpRequestOptions {
	const { [CALLBACK]: callback, ...rest } = options as WithCallback;
	if (callback === undefined) return options;
	const host = new URL(callback.url).hostname;
	if (isLoopbackHost(host) && !isLoopbackHost(new URL(root).hostname)) {
		throw new MostQiFailureError({
			message: `"${callback.label}" points to ${host}, this n8n's own machine: MostQi cannot call this n8n back there`,
			description: `MostQi calls the ${callback.label} from its servers, where ${host} is not this n8n. Set n8n's WEBHOOK_URL environment variable to the address of this n8n that MostQi can reach (e.g. https://n8n.example.com/), so that {{ $execution.resumeUrl }} uses it, and restart n8n.`,
			errorCode: ERROR_CODES.INVALID_INPUT,
		});
	}
	return rest;
}
