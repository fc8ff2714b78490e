import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { failureCarriedBy } from '../failure';
import { apiRoot } from './baseUrl';
import type { MostQiAnswer } from './envelope';
import {
	describeBody,
	failureFromAnswer,
	isRecord,
	isSuccess,
	readEnvelope,
	reportedErrorCode,
} from './envelope';
import { describeNetworkCode } from './network';
import { FACE_COMPARE_ROUTE } from './routes';
import { TOKEN_TIMEOUT_MS, requestToken } from './token';

/**
 * The credential's Test button. It checks exactly what runs use, in both modes: the trimmed
 * client key and Base URL through the same token request as every run (one token, no
 * comparison), or the bearer token on the comparison route with an empty body, which MostQi
 * refuses as a wrong parameter (400) once it has accepted the token, and as R117 (401) before.
 */
export async function testMostQiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const http = legacyHttp(this);
	try {
		if (data.authType === 'bearerToken') return await testBearerToken(http, data);
		await requestToken(http, data);
		return { status: 'OK', message: 'MostQi issued a token for this client key' };
	} catch (error) {
		const failure = failureCarriedBy(error);
		if (failure) return { status: 'Error', message: `${failure.message}. ${failure.description}` };
		const code = (error as { code?: unknown }).code;
		return {
			status: 'Error',
			message: `MostQi could not be reached (${describeNetworkCode(typeof code === 'string' ? code : undefined)}). Check the Base URL and that this n8n server can reach it.`,
		};
	}
}

async function testBearerToken(
	http: IHttpRequestHelper,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const token = typeof data.bearerToken === 'string' ? data.bearerToken.trim() : '';
	if (token === '') {
		return {
			status: 'Error',
			message: 'The MostQi credential has no bearer token. Paste the token your gateway issued.',
		};
	}
	const answer = (await http.helpers.httpRequest({
		method: 'POST',
		url: `${apiRoot(data)}${FACE_COMPARE_ROUTE}`,
		headers: { Authorization: `Bearer ${token}` },
		body: {},
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: TOKEN_TIMEOUT_MS,
	})) as MostQiAnswer;
	if (acceptedToken(answer)) return { status: 'OK', message: 'MostQi accepted the bearer token' };
	if (
		!isMostQiEnvelope(answer.body) &&
		(answer.statusCode === 400 || isSuccess(answer.statusCode))
	) {
		// any server says 400 to an empty body: only MostQi's envelope proves the token was checked
		const what = readEnvelope(answer.body)
			? "JSON that is not MostQi's answer"
			: describeBody(answer.body);
		return {
			status: 'Error',
			message: `The server at the Base URL answered HTTP ${answer.statusCode} with ${what}, so the bearer token was not checked. Check that the Base URL points at MostQi, or at a gateway that passes MostQi's answers on.`,
		};
	}
	const failure = failureFromAnswer(answer, [token]);
	return { status: 'Error', message: `${failure.message}. ${failure.description}` };
}

/** MostQi's envelope: a `status` whose code is text ("400", "R101", …). */
function isMostQiEnvelope(body: unknown): boolean {
	const status = readEnvelope(body)?.status;
	return isRecord(status) && typeof status.code === 'string';
}

/**
 * Whether MostQi's answer to the empty comparison says it accepted the bearer token: its envelope
 * (a `status` with a code) refusing a parameter, HTTP 400 with status.code "400" or the code R101,
 * never R117 (the refused authorization). A 2xx in MostQi's envelope accepted it too. An HTML page
 * or JSON of another shape proves nothing: a server that is not MostQi answers 400 to anything.
 */
function acceptedToken(answer: MostQiAnswer): boolean {
	if (!isMostQiEnvelope(answer.body)) return false;
	const { errorCode } = failureFromAnswer(answer);
	if (errorCode === 'R117' || reportedErrorCode(answer.body) === 'R117') return false;
	if (isSuccess(answer.statusCode)) return true;
	const statusCode = String(readEnvelope(answer.body)?.status?.code).trim();
	return answer.statusCode === 400 && (statusCode === '400' || errorCode === 'R101');
}

/**
 * Credential tests get only n8n's older `request` helper; this gives it the `httpRequest` shape
 * the token request is written for, with the status and body of every answer.
 */
function legacyHttp(ctx: ICredentialTestFunctions): IHttpRequestHelper {
	const httpRequest = async (options: IHttpRequestOptions) => {
		const response = (await ctx.helpers.request({
			method: options.method,
			uri: options.url,
			headers: options.headers,
			body: options.body,
			json: true,
			timeout: options.timeout,
			resolveWithFullResponse: true,
			simple: false,
		})) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		return { statusCode: response.statusCode, body: response.body, headers: response.headers };
	};
	return { helpers: { httpRequest } } as unknown as IHttpRequestHelper;
}
