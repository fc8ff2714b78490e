import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import type { MostQiFailure } from '../failure';
import { MostQiFailureError } from '../failure';
import { apiRoot } from './baseUrl';
import type { MostQiAnswer } from './envelope';
import { failureFromAnswer, isSuccess, readEnvelope } from './envelope';
import { describeNetworkCode } from './network';
import { SIGN_IN_ROUTE } from './routes';

/** MostQi's token route answers at once when healthy; a hung one must not hang the workflow. */
export const TOKEN_TIMEOUT_MS = 30_000;

function noToken(failure: MostQiFailure): MostQiFailureError {
	return new MostQiFailureError({
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
		throw noToken({
			message: 'the MostQi credential has no client key',
			description: 'Open the MostQi credential and paste the client key MostQi issued to you.',
			errorCode: ERROR_CODES.NO_CLIENT_KEY,
		});
	}
	const root = apiRoot(credentials);
	const clientKey = credentials.clientKey.trim();
	let answer;
	try {
		answer = (await helper.helpers.httpRequest({
			method: 'POST',
			url: `${root}${SIGN_IN_ROUTE}`,
			body: { token: clientKey },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as MostQiAnswer;
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
			throw noToken({
				message: `MostQi's token route at ${root} did not answer within ${timeoutMs} ms`,
				description: 'MostQi may be slow or overloaded. Run the workflow again later.',
				errorCode: ERROR_CODES.TIMEOUT,
			});
		}
		throw noToken({
			message: `MostQi could not be reached at ${root} (${describeNetworkCode(typeof code === 'string' ? code : undefined)})`,
			description:
				'Check the Base URL in the MostQi credential and that this n8n server can reach it.',
			errorCode: ERROR_CODES.NETWORK,
		});
	}
	const token = readEnvelope(answer.body)?.token;
	if (isSuccess(answer.statusCode) && typeof token === 'string' && token !== '') return token;
	if (isSuccess(answer.statusCode)) {
		throw noToken({
			message: `MostQi answered HTTP ${answer.statusCode} without a token`,
			description: 'Check that the Base URL in the MostQi credential points at the MostQi API.',
			errorCode: ERROR_CODES.INVALID_RESPONSE,
			httpCode: answer.statusCode,
		});
	}
	throw noToken(failureFromAnswer(answer, [clientKey]));
}
