/**
 * n8n replaces a node error's message that holds a system error code anywhere (EPERM, ENOENT,
 * ENOTFOUND, …, case-insensitively) with a generic sentence. Every message the package makes must
 * reach the builder as written, whatever field names, file names and URLs it quotes: checked on
 * n8n-workflow's real error classes, as n8n constructs them and as n8n wraps them again.
 */
import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { N8N_REWRITTEN_CODES, survivesN8n } from '../../../../lib/mostqi/messages';
import { apiError, inputError } from '../../../../lib/mostqi/items/itemErrors';
import { fakeExecuteContext, fakeNode } from '../../../support/fakeExecuteContext';
import { atRow, refused } from '../../../support/words';

const node = fakeNode();
const { ctx } = fakeExecuteContext();
/** What a builder reads: the text without the invisible joiners. */
const shown = (text: string | null | undefined) => (text ?? '').replace(/\u2060/g, '');

describe('n8n keeps every message as written', () => {
	test.each([
		[
			'a binary field "residencePermit"',
			'Face B: this item has no binary field "residencePermit"',
			'Its binary fields are: "selfie". Set "Face B Binary Field" to one of them.',
		],
		[
			'a binary field "eperm"',
			'Face A: this item has no binary field "eperm"',
			'Set "Face A Binary Field" to "EPERM" or "Eperm".',
		],
		[
			'a host "eaddrnotavail.example"',
			'Face A URL: the file at eaddrnotavail.example/a.png was not found',
			'MostQi downloads eaddrnotavail.example itself.',
		],
		[
			'a host "eaddrinuse.example"',
			'MostQi could not be reached at https://eaddrinuse.example',
			'Check eaddrinuse.example.',
		],
		[
			'a file "enoent.png" and a host "enotfound.example"',
			'the file enoent.png at enotfound.example',
			'getaddrinfo ENOTFOUND enotfound.example',
		],
		[
			'every code n8n knows',
			N8N_REWRITTEN_CODES.join(' ').toLowerCase(),
			N8N_REWRITTEN_CODES.join(''),
		],
		['a code that upper-cases into one (ß is SS)', 'a field "eaccEß"', 'eaccEß'],
	])('an input error quoting %s', (_what, message, description) => {
		const error = inputError(ctx, 0, message, description);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(shown(error.message)).toBe(`${message}${atRow(0, 1)}`);
		expect(shown(error.description)).toBe(description);
		expect(error.messages).toEqual([]);
		// as n8n wraps it again (a node used as an AI Agent tool, a request helper)
		expect(shown(new NodeOperationError(node, new Error(error.message)).message)).toBe(
			shown(error.message),
		);
		expect(
			shown(new NodeApiError(node, new Error(error.message) as unknown as JsonObject).message),
		).toBe(shown(error.message));
	});

	test("an API error quoting a field name with a code in it, and one whose MostQi code is on n8n's list", () => {
		const failure = {
			message: refused('R101', 400, '"residencePermit" is wrong'),
			description: 'Check eperm.',
			errorCode: 'R101',
			httpCode: 400,
		};
		const error = apiError(ctx, 0, failure, 1);
		expect(shown(error.message)).toBe(
			`${refused('R101', 400, '"residencePermit" is wrong')}${atRow(0, 1)}`,
		);
		expect(shown(error.description)).toBe('Check eperm.');
		// no httpCode: n8n takes the errorCode for one, and replaces the message when it is a system code
		const odd = apiError(
			ctx,
			0,
			{
				message: refused('ENOENT', 400),
				description: 'd',
				errorCode: 'ENOENT',
			},
			1,
		);
		expect(shown(odd.message)).toBe(`${refused('ENOENT', 400)}${atRow(0, 1)}`);
		expect(odd.messages).toEqual([]);
		expect(odd.context.errorCode).toBe('ENOENT');
	});
});

describe('survivesN8n', () => {
	test('text without a code comes back as it was; twice is once', () => {
		expect(survivesN8n('Face A: "Face A URL" is empty')).toBe('Face A: "Face A URL" is empty');
		const once = survivesN8n('residencePermit and ENOENT');
		expect(survivesN8n(once)).toBe(once);
		expect(once).toBe('residencePer\u2060mit and ENOEN\u2060T');
	});

	test('no code is left for n8n to find, upper-cased as n8n does', () => {
		const text = survivesN8n(
			`${N8N_REWRITTEN_CODES.join('')} eaccEß ${N8N_REWRITTEN_CODES.join('_').toLowerCase()}`,
		);
		for (const code of N8N_REWRITTEN_CODES) expect(text.toUpperCase()).not.toContain(code);
	});
});
