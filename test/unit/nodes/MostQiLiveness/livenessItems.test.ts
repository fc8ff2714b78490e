/**
 * The Liveness node's run over its items (livenessAllItems) on the shared fake context: the
 * operation read once, each item's inputs checked before any request, each operation on its own
 * route, the error items in the operation's columns, and MostQi's R101 in the operation's words.
 * The loop's own rules are in lib/mostqi/items/itemLoop.test.ts; the engine runs the same in
 * test/engine/liveness.test.ts.
 */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { COLUMNS, ERROR_COLUMNS } from '../../../../nodes/MostQiLiveness/output';
import { livenessAllItems } from '../../../../nodes/MostQiLiveness/livenessItems';
import { LABELS } from '../../../../nodes/MostQiLiveness/description';
import { LIVENESS_ROUTES } from '../../../../nodes/MostQiLiveness/request';
import { checkCallback, withCallback } from '../../../../lib/mostqi/transport/callback';
import { makePng } from '../../../fixtures/images';
import type { FakeOptions, HttpAnswer } from '../../../support/fakeExecuteContext';
import { fakeExecuteContext } from '../../../support/fakeExecuteContext';
import { rowPattern } from '../../../support/words';

const envelope = (result: unknown): HttpAnswer => ({
	statusCode: 200,
	body: {
		result,
		requestId: 'rq-1',
		elapsedMilliseconds: 5,
		status: { code: '200', message: 'Ok', errors: null },
	},
});
const R101: HttpAnswer = {
	statusCode: 400,
	body: { requestId: 'rq-x', status: { code: 'R101', errors: [] } },
};
const items = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, n) => ({ json: { applicant: `a${n}` } }));

function liveness(parameters: Record<string, unknown>, extra: FakeOptions = {}) {
	const fake = fakeExecuteContext({
		items: items(2),
		continueOnFail: true,
		typeVersion: 1,
		...extra,
		parameters: { options: { concurrency: 1 }, ...parameters },
	});
	return { fake, output: livenessAllItems(fake.ctx) };
}

const photo = makePng('ana').toString('base64');
const detect = {
	operation: 'detect',
	source: 'base64',
	base64: photo,
	threshold: 0.5,
	frontalImageBinaryProperty: '',
};

test('detect: each item sent to the detect route, its row in input order with the input fields', async () => {
	const { fake, output } = liveness(detect, {
		answers: [envelope({ livenessScore: 0.9, globalScore: 0.9 })],
	});
	const [first] = await output;
	expect(fake.requests.map((r) => r.options.url)).toEqual([
		LIVENESS_ROUTES.detect,
		LIVENESS_ROUTES.detect,
	]);
	expect(fake.requests.every((r) => r.credential === 'mostQiApi')).toBe(true);
	expect(first.map((i) => [i.json.isLive, i.json.applicant, i.pairedItem])).toEqual([
		[true, 'a0', { item: 0 }],
		[true, 'a1', { item: 1 }],
	]);
	expect(Object.keys(first[0].json)).toEqual([...COLUMNS.detect, 'applicant']);
});

test('startSession: the session route, the page and process ID on each row', async () => {
	const { fake, output } = liveness(
		{ operation: 'startSession' },
		{ answers: [envelope({ sessionUrl: 'https://page.test/s/1', processId: 'p-1' })] },
	);
	const [first] = await output;
	expect(fake.requests.map((r) => r.options.url)).toEqual([
		LIVENESS_ROUTES.startSession,
		LIVENESS_ROUTES.startSession,
	]);
	expect(first[1].json).toMatchObject({ sessionUrl: 'https://page.test/s/1', processId: 'p-1' });
});

test('getSessionResult: each item asks about its own process ID', async () => {
	const { fake, output } = liveness(
		{ operation: 'getSessionResult', processId: (i: number) => `p-${i}`, threshold: 0.5 },
		{ answers: [envelope({ status: 'TODO' })] },
	);
	const [first] = await output;
	expect(fake.requests.map((r) => [r.options.url, r.options.body])).toEqual([
		[LIVENESS_ROUTES.getSessionResult, { processId: 'p-0' }],
		[LIVENESS_ROUTES.getSessionResult, { processId: 'p-1' }],
	]);
	expect(first.map((i) => [i.json.status, i.json.processId])).toEqual([
		['TODO', 'p-0'],
		['TODO', 'p-1'],
	]);
});

test('an unknown operation fails the node on the first item (Stop), sending nothing', async () => {
	const { fake, output } = liveness({ operation: 'judge' }, { continueOnFail: false });
	await expect(output).rejects.toThrow(
		`"${LABELS.operation}" must be Detect Liveness, Get Session Result or Start Session, not "judge"`,
	);
	expect(fake.requests).toHaveLength(0);
});

test("n8n's Custom API Call is refused with the way to call another MostQi route", async () => {
	const { fake, output } = liveness(
		{ operation: '__CUSTOM_API_CALL__' },
		{ continueOnFail: false },
	);
	await expect(output).rejects.toMatchObject({
		message: expect.stringMatching(/^"Operation" is Custom API Call, which MostQi Liveness/),
		description: expect.stringContaining('HTTP Request node'),
	});
	expect(fake.requests).toHaveLength(0);
});

describe('a bad input costs no request', () => {
	const notAPhoto = { ...detect, base64: (i: number) => (i === 1 ? 'aGVsbG8=' : photo) };

	test('with Stop, the node fails on that item before the first request', async () => {
		const { fake, output } = liveness(notAPhoto, { continueOnFail: false });
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(new RegExp(`^Selfie: .*${rowPattern(1, 2)}$`)),
			context: expect.objectContaining({ itemIndex: 1, errorCode: 'INVALID_INPUT' }),
		});
		expect(fake.requests).toHaveLength(0);
	});

	test("with Continue, the item's row: the operation's columns, null verdict, what it used, then the failure", async () => {
		const { fake, output } = liveness(notAPhoto, {
			answers: [envelope({ livenessScore: 0.9, globalScore: 0.9 })],
		});
		const [first] = await output;
		expect(fake.requests).toHaveLength(1);
		expect(Object.keys(first[1].json)).toEqual([...COLUMNS.detect, ...ERROR_COLUMNS, 'applicant']);
		expect(first[1].json).toMatchObject({
			isLive: null,
			threshold: 0.5,
			errorCode: 'INVALID_INPUT',
			applicant: 'a1',
		});
	});
});

test.each([
	['detect', detect, LABELS.source],
	['startSession', { operation: 'startSession' }, LABELS.webhookUrl],
	['getSessionResult', { operation: 'getSessionResult', processId: 'p-1' }, LABELS.processId],
] as const)(
	"%s: MostQi's R101 comes with advice about this operation's fields",
	async (_operation, parameters, field) => {
		const { output } = liveness(parameters, { continueOnFail: false, answers: [R101] });
		await expect(output).rejects.toMatchObject({
			context: expect.objectContaining({ errorCode: 'R101' }),
			description: expect.stringContaining(`"${field}"`),
		});
	},
);

describe("MostQi's frontal face in any image format Face Compare takes", () => {
	const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
	const WEBP = Buffer.concat([Buffer.from('RIFF\x24\0\0\0WEBPVP8 '), Buffer.alloc(24)]);
	const storing = () => {
		const stored: Array<{ fileName?: string; mimeType?: string }> = [];
		const prepareBinaryData = async (bytes: Buffer, fileName?: string, mimeType?: string) => {
			stored.push({ fileName, mimeType });
			return { data: bytes.toString('base64'), fileName, mimeType } as IBinaryData;
		};
		return { stored, helpers: { prepareBinaryData } };
	};

	test.each([
		['GIF', GIF, 'image/gif', 'frontal-face.gif'],
		['WebP', WEBP, 'image/webp', 'frontal-face.webp'],
	])(
		'detect: a %s face is stored with its MIME type, the verdict kept',
		async (_name, face, mimeType, fileName) => {
			const { stored, helpers } = storing();
			const { fake, output } = liveness(
				{ ...detect, frontalImageBinaryProperty: 'frontalImage' },
				{
					items: items(1),
					continueOnFail: false,
					helpers,
					answers: [envelope({ livenessScore: 0.93, frontalImage: face.toString('base64') })],
				},
			);
			const [first] = await output;
			expect(fake.requests).toHaveLength(1);
			expect(stored).toEqual([{ fileName, mimeType }]);
			expect(first[0].json.isLive).toBe(true);
			expect(first[0].binary!.frontalImage).toMatchObject({ mimeType, fileName });
		},
	);

	test('Get Session Result DONE with a WebP face: status and verdict kept', async () => {
		const { stored, helpers } = storing();
		const { output } = liveness(
			{
				operation: 'getSessionResult',
				processId: 'p-1',
				threshold: 0.5,
				frontalImageBinaryProperty: 'frontalImage',
			},
			{
				items: items(1),
				helpers,
				answers: [
					envelope({ status: 'DONE', livenessScore: 0.91, frontalImage: WEBP.toString('base64') }),
				],
			},
		);
		const [first] = await output;
		expect(first[0].json).toMatchObject({ status: 'DONE', isLive: true });
		expect(first[0].json).not.toHaveProperty('errorCode');
		expect(stored).toEqual([{ fileName: 'frontal-face.webp', mimeType: 'image/webp' }]);
	});
});

test('Put Frontal Face in Field already used by the input (an earlier face): another name is suggested, nothing sent', async () => {
	const file = { data: photo, mimeType: 'image/png' };
	const { fake, output } = liveness(
		{ ...detect, frontalImageBinaryProperty: 'frontalImage' },
		{ items: [{ json: {}, binary: { frontalImage: file } }], continueOnFail: false },
	);
	await expect(output).rejects.toThrow(
		'the input item already has a binary field "frontalImage"; choose another name, e.g. frontalImage2',
	);
	expect(fake.requests).toHaveLength(0);
});

describe("a Webhook URL on this machine ($execution.resumeUrl without n8n's WEBHOOK_URL)", () => {
	const session = envelope({ sessionUrl: 'https://page.test/s/1', processId: 'p-1' });
	const webhookUrl = 'http://localhost:5678/webhook-waiting/4711';
	const start = (answers: HttpAnswer[]) =>
		liveness(
			{ operation: 'startSession', webhookUrl },
			{ items: items(1), continueOnFail: false, answers },
		);

	test('the request carries it to the credential, which alone knows the Base URL', async () => {
		const { fake, output } = start([session]);
		await output;
		expect(fake.requests).toHaveLength(1);
		expect(fake.requests[0].options).toMatchObject({
			mostQiCallback: { url: webhookUrl, label: LABELS.webhookUrl },
		});
	});

	test("the credential's refusal is the item's error, tried once, nothing sent", async () => {
		// what the credential throws when MostQi's Base URL is not this machine
		const options = withCallback(
			{ url: LIVENESS_ROUTES.startSession },
			{ url: webhookUrl, label: LABELS.webhookUrl },
		);
		const refusal = (() => {
			try {
				checkCallback(options, 'https://mostqiapi.com');
			} catch (error) {
				return error;
			}
			throw new Error('the credential sent it');
		})();
		const { fake, output } = start([{ throws: refusal }]);
		const error = await output.then(
			() => undefined,
			(e: Error & { context?: Record<string, unknown> }) => e,
		);
		expect(fake.requests).toHaveLength(1);
		expect(error?.message).toMatch(
			/^"Webhook URL" points to localhost, this n8n's own machine: MostQi cannot call this n8n back there/,
		);
		expect(error?.context).toMatchObject({ errorCode: 'INVALID_INPUT', attempts: 1 });
	});

	test('other operations ask MostQi to call nothing back', async () => {
		const { fake, output } = liveness(
			{ operation: 'getSessionResult', processId: 'p-1' },
			{ items: items(1), answers: [envelope({ status: 'TODO' })] },
		);
		await output;
		expect(fake.requests[0].options).not.toHaveProperty('mostQiCallback');
	});
});
