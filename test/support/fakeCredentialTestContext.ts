/**
 * The one stand-in for n8n's ICredentialTestFunctions: the `this` of a credential's Test button.
 * n8n offers it only its older `request` helper, which answers by a script, or is n8n-core's own.
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import type { ScriptedAnswer } from './fakeHttpRequestHelper';

type Request = (options: object) => Promise<unknown>;

export interface FakeCredentialTestContext {
	ctx: ICredentialTestFunctions;
	/** Every request sent, as given. */
	calls: unknown[];
}

export function fakeCredentialTestContext(
	answer: ScriptedAnswer | Request,
): FakeCredentialTestContext {
	const calls: unknown[] = [];
	const request = async (options: object) => {
		calls.push(options);
		if (typeof answer === 'function') return await answer(options);
		if ('throws' in answer) throw answer.throws;
		return answer;
	};
	return { ctx: { helpers: { request } } as unknown as ICredentialTestFunctions, calls };
}
