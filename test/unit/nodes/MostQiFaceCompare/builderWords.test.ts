/** MostQi's texts in the node's labels: what a builder reads in the editor. */
import { hostAndPath, inBuilderWords } from '../../../../nodes/MostQiFaceCompare/builderWords';
import type { Face } from '../../../../nodes/MostQiFaceCompare/faceInput';
import { refused as refusal } from '../../../support/words';

const bytes: Face = { kind: 'bytes', bytes: Buffer.alloc(0), format: 'png' };
const base64: Face = { kind: 'base64', base64: '', format: 'png' };
const url = (u: string): Face => ({ kind: 'url', url: u });
const refused = (message: string) => ({
	message,
	description: 'MostQi advice',
	errorCode: 'R101',
	httpCode: 400,
	requestId: 'rq',
});

describe('a failed download', () => {
	const signed =
		'https://files.example.com/kyc/ana-id.png?X-Amz-Signature=abc123secret&X-Amz-Expires=60';

	test('names the face label, the host and path (never the query) and one status', () => {
		const failure = inBuilderWords(
			refused(refusal('R101', 400, 'faceFileUrlB could not be downloaded: HTTP 404')),
			{ A: bytes, B: url(signed) },
		);
		expect(failure).toEqual({
			message:
				'Face B URL: the file at files.example.com/kyc/ana-id.png was not found (404) when MostQi downloaded it',
			description: expect.stringContaining(
				'Check that "Face B URL" opens without logging in and has not expired',
			),
			errorCode: 'R101',
			httpCode: 400,
			requestId: 'rq',
		});
		expect(JSON.stringify(failure)).not.toContain('Signature');
		expect(failure.message).not.toContain('400');
	});

	test.each([
		[403, 'was refused (it needs a login, or a pre-signed link has expired)'],
		[401, 'was refused (it needs a login, or a pre-signed link has expired)'],
		[410, 'was not found'],
		[502, 'could not be served (the server failed)'],
		[500, 'could not be served (the server failed)'],
		[302, 'could not be downloaded'],
	])('status %i: %s', (status, words) => {
		const { message } = inBuilderWords(
			refused(`faceFileUrlA download failed with status ${status}`),
			{ A: url('http://h.example/a.png'), B: bytes },
		);
		expect(message).toBe(
			`Face A URL: the file at h.example/a.png ${words} (${status}) when MostQi downloaded it`,
		);
	});

	test('a long path is shortened', () => {
		expect(hostAndPath(`https://h.example/${'x'.repeat(200)}`)).toHaveLength(78);
		expect(hostAndPath('not a url')).toBe('the URL');
	});

	test("a download failure without a status keeps MostQi's text, in labels", () => {
		const { message } = inBuilderWords(
			refused(refusal('R101', 400, 'faceFileUrlA could not be downloaded: timeout')),
			{
				A: url('https://h.example/a.png'),
				B: bytes,
			},
		);
		expect(message).toBe(refusal('R101', 400, '"Face A URL" could not be downloaded: timeout'));
	});
});

describe('a download whose host MostQi could not reach', () => {
	test.each([
		['getaddrinfo ENOTFOUND nohost.example', 'host not found'],
		['connect ECONNREFUSED 10.1.2.3:443', 'connection refused'],
		['connect ETIMEDOUT 10.1.2.3:443', 'connection timed out'],
	])('"%s" says so in words, naming the face and the file, not the Base URL', (cause, words) => {
		const failure = inBuilderWords(
			refused(refusal('R101', 400, `faceFileUrlB could not be downloaded: ${cause}`)),
			{
				A: bytes,
				B: url('https://nohost.example/kyc/id.png?sig=1'),
			},
		);
		expect(failure).toMatchObject({
			message: `Face B URL: MostQi could not download the file at nohost.example/kyc/id.png (${words})`,
			description: expect.stringContaining(
				'Check that the address in "Face B URL" is right and reachable from the internet',
			),
			errorCode: 'R101',
		});
	});
});

describe('field names become labels', () => {
	test.each([
		[
			'faceFileBase64A is not valid base64',
			{ A: base64, B: bytes },
			'"Face A Base64" is not valid base64',
		],
		[
			'faceFileBase64B is not valid base64',
			{ A: bytes, B: bytes },
			'the file in "Face B Binary Field" is not valid base64',
		],
		[
			'faceFilePasswordA must be base64',
			{ A: bytes, B: bytes },
			'"Face A PDF Password" must be base64',
		],
		[
			'faceFileBase64B and faceFileUrlB are both set',
			{ A: bytes, B: url('https://x') },
			'the file in "Face B Binary Field" and "Face B URL" are both set',
		],
	])('%s', (text, faces, expected) => {
		expect(inBuilderWords(refused(text), faces as never).message).toBe(expected);
	});

	test('a text without field names is returned as it was', () => {
		const failure = refused(refusal('E100', 500));
		expect(inBuilderWords(failure, { A: bytes, B: bytes })).toBe(failure);
	});

	test('names inside other words are left alone', () => {
		expect(inBuilderWords(refused('myfaceFileUrlA'), { A: bytes, B: bytes }).message).toBe(
			'myfaceFileUrlA',
		);
	});
});
