/** MostQi's failures as n8n errors: a builder's mistake shown as one, kept through n8n's wrapping. */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MostQiFailureError } from '../../../../lib/mostqi/failure';
import { fakeNode } from '../../../support/fakeExecuteContext';

/** What a builder reads: the text without the invisible joiners. */
const shown = (text: string | null | undefined) => (text ?? '').replace(/\u2060/g, '');
const node = fakeNode();

test("the error is a warning, as n8n shows a user's mistake", async () => {
	const error = new MostQiFailureError({ message: 'm', description: 'd', errorCode: 'X' });
	expect(error.level).toBe('warning');
});

test("a token error, as n8n's request helper wraps it", () => {
	const tokenError = new MostQiFailureError({
		message: 'MostQi could not be reached at https://eaddrnotavail.example (host not found)',
		description: 'Check the Base URL (eperm).',
		errorCode: 'NETWORK',
	});
	const wrapped = new NodeApiError(node, tokenError as unknown as JsonObject);
	expect(shown(wrapped.message)).toBe(
		'MostQi could not be reached at https://eaddrnotavail.example (host not found)',
	);
	expect(shown(wrapped.description)).toBe('Check the Base URL (eperm).');
});
