/**
 * The one stand-in for n8n's IHttpRequestHelper: the `this` of a credential's preAuthentication
 * (the token request). Its httpRequest answers by a script, or is n8n-core's own.
 */
import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

/** What the scripted helper answers: a full response, or a thrown error. */
export type ScriptedAnswer = { statusCode: number; body: unknown } | { throws: unknown };

type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

export interface FakeHttpRequestHelper {
	http: IHttpRequestHelper;
	/** Every request sent, as given. */
	calls: Array<Record<string, unknown>>;
}

/** A helper whose httpRequest is `answer` (scripted) or the given function (n8n-core's). */
export function fakeHttpRequestHelper(answer: ScriptedAnswer | HttpRequest): FakeHttpRequestHelper {
	const calls: FakeHttpRequestHelper['calls'] = [];
	const httpRequest = async (options: IHttpRequestOptions) => {
		calls.push(options as unknown as Record<string, unknown>);
		if (typeof answer === 'function') return await answer(options);
		if ('throws' in answer) throw answer.throws;
		return answer;
	};
	return { http: { helpers: { httpRequest } } as unknown as IHttpRequestHelper, calls };
}
