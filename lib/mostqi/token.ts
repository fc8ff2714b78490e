import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { ExecutionBaseError } from 'n8n-workflow';

import type { MostQiAnswer, MostQiFailure } from './envelope';
import {
	describeNetworkCode,
	failureFromAnswer,
	isSuccess,
	readEnvelope,
} from './envelope';

export const SIGN_IN_ROUTE = '/user/authenticate';
/** MostQi's token route answers at once when healthy; a hung one must not hang the workflow. */
export const TOKEN_TIMEOUT_MS = 30_000;

/** The base URL for messages: without a user name or password someone may have put in it. */
function shownRoot(root: string): string {
	return root.replace(/^(\w+:\/\/)[^/@]*@/, '$1');
}

/** The credential's base URL without a trailing slash. */
export function apiRoot(credentials: ICredentialDataDecryptedObject): string {
	const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	return (baseUrl || 'https://mostqiapi.com').replace(/\/+$/, '');
}

/**
 * Raised when no token could be had. It carries MostQi's failure in its context, because n8n
 * wraps errors of the credential in a NodeApiError that keeps the context (and drops the rest),
 * so the node can still report MostQi's code and HTTP status. It never carries the client key
 * or the request.
 */
export class MostQiTokenError extends ExecutionBaseError {
	constructor(failure: MostQiFailure) {
		super(failure.message, { level: 'warning' });
		this.description = failure.description;
		this.context.mostQiFailure = { ...failure };
	}
}

function tokenFailure(failure: MostQiFailure): MostQiTokenError {
	return new MostQiTokenError({
		...failure,
		message: `Could not get a MostQi token: ${failure.message}`,
	});
}

/** POST /user/authenticate: one fresh single-use JWT. */
export async function requestToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	timeoutMs = TOKEN_TIMEOUT_MS,
): Promise<string> {
	if (typeof credentials.clientKey !== 'string' || credentials.clientKey.trim() === '') {
		throw tokenFailure({
			message: 'the MostQi credential has no client key',
			description: 'Open the MostQi credential and paste the client key MostQi issued to you.',
			errorCode: 'NO_CLIENT_KEY',
		});
	}
	const root = apiRoot(credentials);
	const shown = shownRoot(root);
	let answer;
	try {
		answer = (await helper.helpers.httpRequest({
			method: 'POST',
			url: `${root}${SIGN_IN_ROUTE}`,
			body: { token: credentials.clientKey.trim() },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as MostQiAnswer;
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
			throw tokenFailure({
				message: `MostQi's token route at ${shown} did not answer within ${timeoutMs} ms`,
				description: 'MostQi may be slow or overloaded. Run the workflow again later.',
				errorCode: 'TIMEOUT',
			});
		}
		throw tokenFailure({
			message: `MostQi could not be reached at ${shown} (${describeNetworkCode(typeof code === 'string' ? code : undefined)})`,
			description:
				'Check the Base URL in the MostQi credential and that this n8n server can reach it.',
			errorCode: 'NETWORK',
		});
	}
	const token = readEnvelope(answer.body)?.token;
	if (isSuccess(answer.statusCode) && typeof token === 'string' && token !== '') return token;
	if (isSuccess(answer.statusCode)) {
		throw tokenFailure({
			message: `MostQi answered HTTP ${answer.statusCode} without a token`,
			description: 'Check that the Base URL in the MostQi credential points at the MostQi API.',
			errorCode: 'INVALID_RESPONSE',
			httpCode: answer.statusCode,
		});
	}
	throw tokenFailure(failureFromAnswer(answer));
}
