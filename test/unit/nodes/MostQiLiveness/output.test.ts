/** The Liveness output items: columns in the contract's order, verdicts, and the frontal face. */
import type { MediaFormat } from '../../../../lib/mostqi/files/fileFormat';
import { FORMAT_NAMES, isVideoFormat } from '../../../../lib/mostqi/files/fileFormat';
import type {
	DetectReading,
	SessionReading,
	StatusReading,
} from '../../../../nodes/MostQiLiveness/answer';
import {
	COLUMNS,
	DETECT_COLUMNS,
	ERROR_COLUMNS,
	errorItem,
	SESSION_COLUMNS,
	STATUS_COLUMNS,
	detectJson,
	frontalImageOf,
	IMAGE_TYPES,
	imageTypeOf,
	isLive,
	sessionJson,
	statusJson,
	successItem,
	withBinaryField,
} from '../../../../nodes/MostQiLiveness/output';

const meta = {
	requestId: 'rq-1',
	elapsedMilliseconds: 250,
	httpCode: 200,
	response: { requestId: 'rq-1', result: {} },
};
const detected: DetectReading = {
	...meta,
	globalScore: 0.8,
	livenessScore: 0.9,
	score: 0.8,
	movementScore: 0.7,
	frontalImage: null,
};
const done: StatusReading = {
	...meta,
	status: 'DONE',
	livenessScore: 0.6,
	score: 0.6,
	frontalImage: null,
	processId: null,
};

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const WEBP = Buffer.concat([Buffer.from('RIFF\x24\0\0\0WEBPVP8 '), Buffer.alloc(24)]);

describe('verdict', () => {
	test('a score equal to the threshold is live; just below is not', () => {
		expect(isLive(0.5, 0.5)).toBe(true);
		expect(isLive(0.4999, 0.5)).toBe(false);
		expect(isLive(1, 1)).toBe(true);
		expect(isLive(0, 0)).toBe(true);
	});

	test('no score, no verdict', () => {
		expect(isLive(null, 0.5)).toBeNull();
	});
});

describe('detect', () => {
	test("the contract's columns, in its order, with movementScore beside the scores", () => {
		const json = detectJson(detected, 0.75);
		expect(Object.keys(json)).toEqual([...DETECT_COLUMNS]);
		expect(json).toEqual({
			globalScore: 0.8,
			livenessScore: 0.9,
			movementScore: 0.7,
			score: 0.8,
			isLive: true,
			threshold: 0.75,
			requestId: 'rq-1',
			elapsedMilliseconds: 250,
		});
	});

	test('the score judged (globalScore) decides, not livenessScore', () => {
		expect(detectJson(detected, 0.85).isLive).toBe(false);
		expect(detectJson(detected, 0.8).isLive).toBe(true);
	});

	test('absent fields are null, never a value of the node', () => {
		const json = detectJson(
			{
				...detected,
				globalScore: null,
				movementScore: null,
				score: 0.9,
				requestId: null,
				elapsedMilliseconds: null,
			},
			0.5,
		);
		expect(json).toEqual({
			globalScore: null,
			livenessScore: 0.9,
			movementScore: null,
			score: 0.9,
			isLive: true,
			threshold: 0.5,
			requestId: null,
			elapsedMilliseconds: null,
		});
	});
});

describe('startSession', () => {
	test('the page, the process ID and MostQi identifiers', () => {
		const reading: SessionReading = { ...meta, sessionUrl: 'https://s.test/a', processId: 'p-1' };
		const json = sessionJson(reading);
		expect(Object.keys(json)).toEqual([...SESSION_COLUMNS]);
		expect(json).toEqual({
			sessionUrl: 'https://s.test/a',
			processId: 'p-1',
			requestId: 'rq-1',
			elapsedMilliseconds: 250,
		});
	});
});

describe('getSessionResult', () => {
	test("DONE: score, verdict and threshold; the contract's columns in order", () => {
		const json = statusJson(done, 0.6, 'p-9');
		expect(Object.keys(json)).toEqual([...STATUS_COLUMNS]);
		expect(json).toEqual({
			status: 'DONE',
			livenessScore: 0.6,
			score: 0.6,
			isLive: true,
			threshold: 0.6,
			processId: 'p-9',
			requestId: 'rq-1',
			elapsedMilliseconds: 250,
		});
		expect(statusJson(done, 0.61, 'p-9').isLive).toBe(false);
	});

	test.each(['TODO', 'DOING', 'ERROR', 'EXPIRED'])(
		'%s: no score and no verdict (null), even with a score in the reading',
		(status) => {
			expect(statusJson({ ...done, status }, 0.5, 'p-9')).toMatchObject({
				status,
				livenessScore: null,
				score: null,
				isLive: null,
				threshold: 0.5,
			});
		},
	);

	test("MostQi's processId when it sends one, else the one asked about", () => {
		expect(statusJson({ ...done, processId: 'p-mostqi' }, 0.5, 'p-9').processId).toBe('p-mostqi');
		expect(statusJson(done, 0.5, 'p-9').processId).toBe('p-9');
	});
});

describe('the item', () => {
	const binary = { document: { data: 'AAAA', mimeType: 'image/png' } };
	const input = { json: { applicant: 'ann', score: 'from input', error: 'stale' }, binary };
	const row = detectJson(detected, 0.5);

	test('the columns first, then the input fields they do not shadow; files travel on', () => {
		const item = successItem(input, 2, row, { keepInputFields: true, includeFullResponse: false });
		expect(Object.keys(item.json)).toEqual([...DETECT_COLUMNS, 'applicant']);
		expect(item.json.score).toBe(0.8);
		expect(item.json).not.toHaveProperty('error');
		expect(item.binary).toEqual(binary);
		expect(item.pairedItem).toEqual({ item: 2 });
	});

	test('input fields left out on request; the full answer added on request', () => {
		const item = successItem(
			input,
			0,
			row,
			{ keepInputFields: false, includeFullResponse: true },
			meta.response,
		);
		expect(Object.keys(item.json)).toEqual([...DETECT_COLUMNS, 'mostQiResponse']);
		expect(item.json.mostQiResponse).toEqual(meta.response);
		const plain = successItem({ json: {} }, 0, row, {
			keepInputFields: true,
			includeFullResponse: false,
		});
		expect(plain).not.toHaveProperty('binary');
		expect(plain.json).not.toHaveProperty('mostQiResponse');
	});

	test('the frontal face is added beside the input files, which stay as they were', () => {
		const item = successItem(input, 0, row, { keepInputFields: true, includeFullResponse: false });
		const face = { data: 'BBBB', mimeType: 'image/jpeg', fileName: 'frontal-face.jpg' };
		const withFace = withBinaryField(item, 'frontalImage', face);
		expect(withFace.binary).toEqual({ ...binary, frontalImage: face });
		expect(item.binary).toEqual(binary);
		expect(input.binary).toEqual(binary);
	});
});

describe('the frontal face', () => {
	test('every image Face Compare takes, from its magic bytes, with its MIME type; no PDF', () => {
		expect(imageTypeOf(JPEG)).toEqual({ mimeType: 'image/jpeg', fileExtension: 'jpg' });
		expect(imageTypeOf(PNG)).toEqual({ mimeType: 'image/png', fileExtension: 'png' });
		expect(imageTypeOf(Buffer.from('GIF89a\x01\x00'))).toEqual({
			mimeType: 'image/gif',
			fileExtension: 'gif',
		});
		expect(imageTypeOf(WEBP)).toEqual({ mimeType: 'image/webp', fileExtension: 'webp' });
		expect(imageTypeOf(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0'))).toEqual({
			mimeType: 'image/heic',
			fileExtension: 'heic',
		});
		expect(imageTypeOf(Buffer.from('%PDF-1.7\n'))).toBeUndefined();
		expect(imageTypeOf(Buffer.from([0xff, 0xd8]))).toBeUndefined();
		// every format detectFormat knows but PDF has its own type
		expect(Object.keys(IMAGE_TYPES).sort()).toEqual(
			Object.keys(FORMAT_NAMES)
				.filter((f) => f !== 'pdf' && !isVideoFormat(f as MediaFormat))
				.sort(),
		);
		for (const { mimeType } of Object.values(IMAGE_TYPES)) expect(mimeType).toMatch(/^image\//);
	});

	test.each([
		['GIF', Buffer.from('GIF89a\x01\x00'), 'image/gif', 'frontal-face.gif'],
		['WebP', WEBP, 'image/webp', 'frontal-face.webp'],
	])('a %s face is kept with its MIME type and extension', (_name, bytes, mimeType, fileName) => {
		const read = frontalImageOf({ ...detected, frontalImage: bytes.toString('base64') }, 'face');
		expect(read).toEqual({
			ok: true,
			image: expect.objectContaining({ field: 'face', buffer: bytes, mimeType, fileName }),
		});
	});

	test('decoded into the bytes prepareBinaryData takes, named for its field', () => {
		const read = frontalImageOf({ ...detected, frontalImage: JPEG.toString('base64') }, 'face');
		expect(read).toEqual({
			ok: true,
			image: {
				field: 'face',
				buffer: JPEG,
				mimeType: 'image/jpeg',
				fileExtension: 'jpg',
				fileName: 'frontal-face.jpg',
			},
		});
	});

	test('a data: URL prefix and line breaks are allowed', () => {
		const base64 = PNG.toString('base64');
		const text = `data:image/png;base64,${base64.slice(0, 8)}\n${base64.slice(8)}`;
		const read = frontalImageOf({ ...detected, frontalImage: text }, 'frontalImage');
		expect(read.ok && read.image?.buffer).toEqual(PNG);
		expect(read.ok && read.image?.mimeType).toBe('image/png');
	});

	test('no image in the answer, or no field name: no binary field', () => {
		expect(frontalImageOf(detected, 'frontalImage')).toEqual({ ok: true, image: null });
		expect(frontalImageOf({ ...detected, frontalImage: JPEG.toString('base64') }, ' ')).toEqual({
			ok: true,
			image: null,
		});
	});

	test('not an image: INVALID_RESPONSE naming what it is', () => {
		const failure = (bytes: Buffer) => {
			const read = frontalImageOf(
				{ ...detected, frontalImage: bytes.toString('base64') },
				'frontalImage',
			);
			if (read.ok) throw new Error('read');
			return read.failure;
		};
		expect(failure(Buffer.from('%PDF-1.7\n'))).toEqual({
			message: "MostQi's frontalImage is not an image: it is a PDF",
			description: expect.stringContaining('"Put Frontal Face in Field"'),
			errorCode: 'INVALID_RESPONSE',
			httpCode: 200,
			requestId: 'rq-1',
		});
		expect(failure(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x01, 0x00])).message).toMatch(
			/it is a WebM\/Matroska video$/,
		);
		expect(failure(Buffer.from('<html><body>')).message).toMatch(/it is text$/);
		expect(failure(Buffer.from([0x00, 0x01, 0xfe, 0x80, 0x10])).message).toBe(
			"MostQi's frontalImage is not an image: it is a file of an unknown type (it starts with the bytes 00 01 fe 80)",
		);
	});

	test('text that is not base64: INVALID_RESPONSE, the text not quoted', () => {
		const read = frontalImageOf(
			{ ...detected, requestId: null, frontalImage: 'not base64!' },
			'frontalImage',
		);
		expect(read).toEqual({
			ok: false,
			failure: {
				message: "MostQi's frontalImage is not base64 text",
				description: expect.any(String),
				errorCode: 'INVALID_RESPONSE',
				httpCode: 200,
			},
		});
	});
});

describe('the error item for "Continue"', () => {
	const error = Object.assign(new Error('The call failed'), {
		description: 'Check it.',
		httpCode: '404',
		context: { errorCode: 'R101', requestId: 'rq-9', attempts: 1 },
	});
	const input = {
		json: { applicant: 'ann', error: 'stale' },
		binary: { doc: { data: '', mimeType: 'image/png' } },
	};

	test.each(['detect', 'startSession', 'getSessionResult'] as const)(
		'%s: its columns, null where there is no value, then the failure, then the input',
		(operation) => {
			const item = errorItem(
				input,
				3,
				error,
				operation,
				{ keepInputFields: true },
				{
					threshold: 0.7,
					processId: 'p-1',
				},
			);
			expect(Object.keys(item.json)).toEqual([
				...COLUMNS[operation],
				...ERROR_COLUMNS,
				'applicant',
			]);
			expect(item.json).toMatchObject({
				error: 'The call failed. Check it.',
				errorCode: 'R101',
				httpCode: 404,
				requestId: 'rq-9',
				attempts: 1,
			});
			for (const verdict of ['isLive', 'status', 'score', 'sessionUrl'])
				if (verdict in item.json) expect(item.json[verdict]).toBeNull();
			expect(item.pairedItem).toEqual({ item: 3 });
			expect(item.binary).toBe(input.binary);
		},
	);

	test('what the item used, where its operation has it; input fields left out on request', () => {
		const status = errorItem(
			input,
			0,
			error,
			'getSessionResult',
			{ keepInputFields: false },
			{
				threshold: 0.7,
				processId: 'p-1',
			},
		);
		expect(status.json).toMatchObject({ threshold: 0.7, processId: 'p-1' });
		expect(status.json).not.toHaveProperty('applicant');
		const session = errorItem(input, 0, error, 'startSession', { keepInputFields: false });
		expect(session.json).not.toHaveProperty('threshold');
	});
});
