/**
 * The pieces the Liveness node was wired with: videos recognised only where a caller takes them
 * (Face Compare refuses them as before), the selfie's file input, the routes, the error item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	FORMAT_NAMES,
	MAX_IMAGE_BYTES,
	MAX_VIDEO_BYTES,
	detectFormat,
	detectVideoFormat,
	isVideoFormat,
	maxBytesFor,
} from '../../../lib/mostqi/files/fileFormat';
import type { FileFields } from '../../../lib/mostqi/files/fileInput';
import { readFileInput } from '../../../lib/mostqi/files/fileInput';
import {
	LIVENESS_DETECT_ROUTE,
	LIVENESS_SESSION_ROUTE,
	LIVENESS_STATUS_ROUTE,
} from '../../../lib/mostqi/transport/routes';
import { faceFields } from '../../../nodes/MostQiFaceCompare/faceFields';
import { MostQiLiveness } from '../../../nodes/MostQiLiveness/MostQiLiveness.node';
import { COLUMNS, ERROR_COLUMNS, errorItem } from '../../../nodes/MostQiLiveness/output';
import {
	LIVENESS_ROUTES,
	SELFIE_FIELDS,
	mediaKindOfFormat,
} from '../../../nodes/MostQiLiveness/request';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const MP4 = latin1('\0\0\0\x18ftypisom\0\0\x02\0isomiso2');
const MOV = latin1('\0\0\0\x14ftypqt  \0\0\x02\0');
const THREE_GP = latin1('\0\0\0\x14ftyp3gp5\0\0\x02\0');
const M4A = latin1('\0\0\0\x18ftypM4A \0\0\x02\0');
const HEIC = latin1('\0\0\0\x18ftypheic\0\0\0\0');
const WEBM = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
const AVI = latin1('RIFF\0\0\0\0AVI LIST');
const WAVE = latin1('RIFF\0\0\0\0WAVEfmt ');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const PDF = latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');

describe('videos', () => {
	test.each([
		['MP4', MP4, 'mp4'],
		['MOV', MOV, 'mov'],
		['3GP', THREE_GP, '3gp'],
		['WebM', WEBM, 'webm'],
		['AVI', AVI, 'avi'],
	] as const)('%s recognised from its first bytes', (_name, bytes, format) => {
		expect(detectVideoFormat(bytes)).toBe(format);
		expect(isVideoFormat(format)).toBe(true);
		// never an image or PDF: callers that take none keep refusing them
		expect(detectFormat(bytes)).toBeUndefined();
	});

	test('audio, still images in an ISO box, WAVE and short heads are no video', () => {
		for (const bytes of [M4A, HEIC, WAVE, PNG, MP4.subarray(0, 11), latin1('RIFF')])
			expect(detectVideoFormat(bytes)).toBeUndefined();
		expect(isVideoFormat('png')).toBe(false);
		expect(isVideoFormat('pdf')).toBe(false);
	});

	test("limits and names: a video 50 MB (the node's own bound), a photo 20 MB", () => {
		expect(maxBytesFor('mp4')).toBe(MAX_VIDEO_BYTES);
		expect(MAX_VIDEO_BYTES).toBe(50 * 1000 * 1000);
		expect(maxBytesFor('jpeg')).toBe(MAX_IMAGE_BYTES);
		expect([FORMAT_NAMES.mov, FORMAT_NAMES.webm, FORMAT_NAMES.jpeg]).toEqual([
			'QuickTime (MOV)',
			'WebM/Matroska',
			'JPEG',
		]);
		expect(mediaKindOfFormat('webm')).toEqual({ kind: 'video', format: 'WebM/Matroska' });
		expect(mediaKindOfFormat('heic')).toEqual({ kind: 'image', format: 'HEIC' });
	});
});

/** Just what readFileInput uses of n8n's context: parameters, items, the node. */
function context(
	parameters: Record<string, unknown>,
	items: INodeExecutionData[] = [{ json: {} }],
) {
	const node = { name: 'Test', type: 'test', typeVersion: 1, parameters: {} };
	return {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) =>
			name in parameters ? parameters[name] : fallback,
		helpers: {
			getBinaryDataBuffer: async (itemIndex: number, field: string) =>
				Buffer.from(items[itemIndex].binary![field].data, 'base64'),
		},
	} as unknown as IExecuteFunctions;
}

async function read(fields: FileFields, bytes: Buffer, asDataUrl?: string) {
	const base64 = asDataUrl
		? `data:${asDataUrl};base64,${bytes.toString('base64')}`
		: bytes.toString('base64');
	const ctx = context({
		[fields.source]: 'base64',
		[fields.base64]: base64,
	});
	return await readFileInput(ctx, 0, fields);
}

async function refusal(fields: FileFields, bytes: Buffer, asDataUrl?: string) {
	const error = await read(fields, bytes, asDataUrl).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	const { message, description } = error as NodeOperationError;
	return { message: message.replace(/\u2060/g, ''), description };
}

describe('the selfie input takes photos and videos', () => {
	test('a video, as base64 text or a data: URL of a video type', async () => {
		expect(await read(SELFIE_FIELDS, MP4)).toMatchObject({ kind: 'base64', format: 'mp4' });
		expect(await read(SELFIE_FIELDS, WEBM, 'video/webm')).toMatchObject({ format: 'webm' });
		expect(await read(SELFIE_FIELDS, PNG)).toMatchObject({ format: 'png' });
	});

	test('a stored binary video too', async () => {
		const ctx = context({ source: 'binary', binaryProperty: 'clip' }, [
			{ json: {}, binary: { clip: { data: MOV.toString('base64'), mimeType: 'video/quicktime' } } },
		]);
		expect(await readFileInput(ctx, 0, SELFIE_FIELDS)).toMatchObject({
			kind: 'bytes',
			format: 'mov',
			binaryField: 'clip',
		});
	});

	test('a PDF is no selfie; the message names it and what MostQi takes', async () => {
		const { message, description } = await refusal(SELFIE_FIELDS, PDF);
		expect(message).toMatch(
			/^Selfie: the file in "Selfie Base64" is a PDF, not a photo or video that MostQi accepts/,
		);
		expect(description).toContain('videos in MP4, MOV, 3GP, WebM/Matroska or AVI');
		expect(description).not.toContain('or PDF');
	});

	test("a data: URL of another type is refused in the selfie's words", async () => {
		const { message, description } = await refusal(SELFIE_FIELDS, MP4, 'audio/mp4');
		expect(message).toMatch(/is a data URL of type "audio\/mp4", not a photo or video/);
		expect(description).toMatch(/^Pass the file of the person itself/);
	});
});

describe('Face Compare refuses videos exactly as before', () => {
	test.each([
		['MP4', MP4],
		['WebM', WEBM],
		['AVI', AVI],
	] as const)('a video face (%s) is a file of an unknown type', async (_name, video) => {
		const { message, description } = await refusal(faceFields('A'), video);
		expect(message).toMatch(
			/^Face A: the file in "Face A Base64" is (a file of an unknown type|plain text), not an image or PDF that MostQi accepts/,
		);
		expect(description).toMatch(/^MostQi accepts JPEG, PNG, .* or PDF\. The file type is read/);
	});

	test('a data: URL of a video type is refused as before', async () => {
		const { message, description } = await refusal(faceFields('A'), MP4, 'video/mp4');
		expect(message).toMatch(/is a data URL of type "video\/mp4", not an image or PDF/);
		expect(description).toMatch(/^Pass the file of the face itself\. MostQi accepts JPEG/);
	});

	test('a PDF face is still accepted', async () => {
		expect(await read(faceFields('B'), PDF)).toMatchObject({ format: 'pdf' });
	});
});

test('each operation calls its route, declared once with the others', () => {
	expect(LIVENESS_ROUTES).toEqual({
		detect: LIVENESS_DETECT_ROUTE,
		startSession: LIVENESS_SESSION_ROUTE,
		getSessionResult: LIVENESS_STATUS_ROUTE,
	});
});

describe('the error item for "Continue"', () => {
	const error = Object.assign(new Error('MostQi refused the request'), {
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
				error: 'MostQi refused the request. Check it.',
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

test('the node: its type, version, credential test and the shared options', () => {
	const { description, methods } = new MostQiLiveness();
	expect(description).toMatchObject({
		name: 'mostQiLiveness',
		displayName: 'MostQi Liveness',
		version: 1,
		usableAsTool: true,
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
	});
	expect(typeof methods.credentialTest.mostQiApiTest).toBe('function');
	expect(description.subtitle).toContain('"detect":"Detect Liveness"');
});
