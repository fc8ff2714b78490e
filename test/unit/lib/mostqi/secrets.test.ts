/**
 * What a server sends back is cut free of secrets before it reaches a message: the configured
 * bearer token whatever its shape, token values after "Bearer" (but not the word "token"), and
 * the query, fragment and user info of any URL (a pre-signed link's signature).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { MostQiApi } from '../../../../credentials/MostQiApi.credentials';
import { failureFromAnswer } from '../../../../lib/mostqi/transport/envelope';
import { refused as refusedWords } from '../../../support/words';
import {
	withoutRememberedSecrets,
	redactSecrets,
	withoutUrlSecrets,
} from '../../../../lib/mostqi/secrets';
import { inBuilderWords } from '../../../../nodes/MostQiFaceCompare/builderWords';
import { compareFaces } from '../../../../nodes/MostQiFaceCompare/compareRequest';
import { fakeExecuteContext } from '../../../support/fakeExecuteContext';

const refusal = (message: string, statusCode = 400) => ({
	statusCode,
	body: {
		result: null,
		requestId: 'rq',
		status: {
			code: statusCode === 400 ? 'R101' : 'R117',
			message: 'x',
			errors: [{ code: statusCode === 400 ? 'R101' : 'R117', message }],
		},
	},
});

/** What n8n does before every request with a bearer-token credential: applies it. */
async function sendWithBearer(bearerToken: string): Promise<void> {
	const authenticate = new MostQiApi().authenticate as (
		c: object,
		o: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	await authenticate(
		{ authType: 'bearerToken', bearerToken, baseUrl: 'https://gw.example' },
		{ url: '/x', method: 'POST' },
	);
}

describe('a bearer token a gateway echoes back', () => {
	test.each([
		['letters only', 'QuietGatewayPassphrase'],
		['short (12 characters, the least remembered)', 'gw42ab7c9d1e'],
		['with punctuation', 'tok:en|with;odd,chars'],
	])("is cut out of the item's error, whatever its shape (%s)", async (_shape, bearerToken) => {
		// n8n applies the credential before every request, then hands the node only the answer
		await sendWithBearer(` ${bearerToken} `);
		const { ctx } = fakeExecuteContext({
			answers: [refusal(`token ${bearerToken} is not allowed for this route`, 401)],
		});
		const outcome = await compareFaces(ctx, {
			body: Buffer.from('{}'),
			timeoutMs: 1000,
			retry: { retries: 0, baseDelayMs: 0 },
		});
		expect(outcome.ok).toBe(false);
		const { message } = (outcome as { failure: { message: string } }).failure;
		expect(message).toBe(
			refusedWords('R117', 401, 'token [redacted] is not allowed for this route'),
		);
	});
});

describe('what a remembered token may not damage', () => {
	test('a value under 12 characters is not remembered: "demo" or "0.91" in others\' messages stays', async () => {
		for (const bearerToken of ['demo', '0.91']) await sendWithBearer(bearerToken);
		expect(redactSecrets('files.example.com/demo/id.png was not found; similarity 0.91')).toBe(
			'files.example.com/demo/id.png was not found; similarity 0.91',
		);
	});

	test('Include Full Response: a token echoed in a success is cut out of the answer kept in the item', async () => {
		await sendWithBearer('gw_"echoed"_token_77');
		const answer = {
			result: { similarity: 0.9 },
			debug: { authorization: 'Bearer gw_"echoed"_token_77' },
		};
		expect(withoutRememberedSecrets(answer)).toEqual({
			result: { similarity: 0.9 },
			debug: { authorization: 'Bearer [redacted]' },
		});
		const clean = { result: { similarity: 0.9 } };
		expect(withoutRememberedSecrets(clean)).toBe(clean);
	});
});

describe('values after "Bearer"', () => {
	test.each([
		['Bearer token is missing', 'Bearer token is missing'],
		[
			'Authorization header: Bearer authentication required.',
			'Authorization header: Bearer authentication required.',
		],
		['header Bearer abc.def', 'header Bearer [redacted]'],
		['sent Bearer sk_live_9f8e7d. Refused', 'sent Bearer [redacted]. Refused'],
		['bearer QUVGRkFERkFERkFERkFERkFE', 'bearer [redacted]'],
		['Bearer dG9rZW4=, then', 'Bearer [redacted], then'],
	])('%s', (text, expected) => {
		expect(redactSecrets(text)).toBe(expected);
	});
});

describe('URLs in what MostQi sends', () => {
	test.each([
		[
			'Could not fetch https://bucket.s3.amazonaws.com/kyc/a.png?X-Amz-Signature=abc123&X-Amz-Credential=AKIA1: timeout',
			'Could not fetch https://bucket.s3.amazonaws.com/kyc/a.png: timeout',
		],
		[
			'GET https://user:pw@files.example.com/a.png#page=2 failed.',
			'GET https://files.example.com/a.png failed.',
		],
		[
			'source (https://files.example.com/x.jpg?sig=1) is gone',
			'source (https://files.example.com/x.jpg) is gone',
		],
		['https://files.example.com?token=abc answered 403', 'https://files.example.com answered 403'],
		[
			'files.example.com/kyc/a.png?sig=zz9 answered 403',
			'files.example.com/kyc/a.png answered 403',
		],
		[
			'image at http://10.0.0.7:9000/b/a.png?X-Amz-Signature=1, 404',
			'image at http://10.0.0.7:9000/b/a.png, 404',
		],
		['no URL here: faceFileUrlB is wrong', 'no URL here: faceFileUrlB is wrong'],
	])('%s', (text, expected) => {
		expect(withoutUrlSecrets(text)).toBe(expected);
		expect(failureFromAnswer(refusal(text)).message).toBe(refusedWords('R101', 400, expected));
	});

	test("a download failure in words other than the emulator's keeps no query in the item's message", () => {
		const signed =
			'https://files.example.com/kyc/c-17-id.png?X-Amz-Signature=5ecret&X-Amz-Expires=60';
		const failure = failureFromAnswer(
			refusal(`Failed to retrieve image from ${signed} (status 403)`),
		);
		const words = inBuilderWords(failure, {
			A: { kind: 'url', url: 'https://files.example.com/a.png' },
			B: { kind: 'url', url: signed },
		});
		expect(words.message).not.toMatch(/5ecret|X-Amz|\?/);
		expect(words.message).toContain('files.example.com/kyc/c-17-id.png');
	});
});

describe('the secrets a message is cut free of', () => {
	test('the given secrets (trimmed, 4 characters or more), JWTs and bearer values are cut out', () => {
		expect(redactSecrets('key abcd here', [' abcd '])).toBe('key [redacted] here');
		expect(redactSecrets('key abc here', ['abc'])).toBe('key abc here');
		expect(redactSecrets('a 1234 b', [1234, null, undefined])).toBe('a 1234 b');
		expect(redactSecrets('t eyJhbGci.eyJzdWIi.sig-_9 end')).toBe('t [redacted] end');
		expect(redactSecrets('Authorization: Bearer abc.def,next')).toBe(
			'Authorization: Bearer [redacted],next',
		);
		expect(redactSecrets('nothing secret')).toBe('nothing secret');
	});
});
