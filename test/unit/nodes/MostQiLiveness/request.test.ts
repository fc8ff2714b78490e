/** The Liveness request bodies and input checks, built without any request. */
import {
	LIVENESS_ROUTES,
	MESSAGE_KEYS,
	PORTUGUESE_MESSAGE_KEY,
	buildDetectBody,
	buildSessionBody,
	buildStatusBody,
	checkMovements,
	checkPhotoWithMovements,
	detectBodyFields,
	detectFileField,
	isProblem,
	mediaKindOf,
	mediaKindOfFormat,
	nameValuePairs,
	photoWithMovementsProblem,
} from '../../../../nodes/MostQiLiveness/request';
import type { SessionParameters } from '../../../../nodes/MostQiLiveness/request';
import { LANGUAGE } from '../../../../nodes/MostQiLiveness/description';
import {
	LIVENESS_DETECT_ROUTE,
	LIVENESS_SESSION_ROUTE,
	LIVENESS_STATUS_ROUTE,
} from '../../../../lib/mostqi/transport/routes';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => Uint8Array.from(Buffer.from(value, 'latin1'));
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
const MP4 = text('\0\0\0\x18ftypisom\0\0\x02\0');
const MOV = text('\0\0\0\x14ftypqt  \0\0\x02\0');
const HEIC = text('\0\0\0\x18ftypheic\0\0\0\0');
const WEBM = bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81);

test('the three routes of shared/mostqi/LIVENESS.md', () => {
	expect(LIVENESS_ROUTES).toEqual({
		detect: '/liveness/detect',
		startSession: '/liveness/streaming/async',
		getSessionResult: '/liveness/streaming/async/status',
	});
});

test('each operation calls its route, declared once with the others', () => {
	expect(LIVENESS_ROUTES).toEqual({
		detect: LIVENESS_DETECT_ROUTE,
		startSession: LIVENESS_SESSION_ROUTE,
		getSessionResult: LIVENESS_STATUS_ROUTE,
	});
});

test("a detected format's kind and name, for the photo-or-video checks", () => {
	expect(mediaKindOfFormat('webm')).toEqual({ kind: 'video', format: 'WebM/Matroska' });
	expect(mediaKindOfFormat('heic')).toEqual({ kind: 'image', format: 'HEIC' });
});

describe('detect body', () => {
	test('a URL goes into fileUrl; base64 text and binary files into fileBase64', () => {
		expect(detectFileField('url')).toBe('fileUrl');
		expect(detectFileField('base64')).toBe('fileBase64');
		expect(detectFileField('binary')).toBe('fileBase64');
	});

	test('a passive check sends the file alone: no empty movements, no false returnFullFace', () => {
		const passive = { movements: [], returnFullFace: false };
		expect(buildDetectBody({ kind: 'url', url: 'https://x.test/a.jpg' }, passive)).toEqual({
			fileUrl: 'https://x.test/a.jpg',
		});
		expect(buildDetectBody({ kind: 'base64', base64: 'AAAA' }, passive)).toEqual({
			fileBase64: 'AAAA',
		});
		expect(detectBodyFields(passive)).toEqual({});
	});

	test('movements in the order given, and the full-size face as a boolean', () => {
		const body = buildDetectBody(
			{ kind: 'base64', base64: 'AAAA' },
			{ movements: ['left', 'right', 'blink'], returnFullFace: true },
		);
		expect(body).toEqual({
			fileBase64: 'AAAA',
			movements: ['left', 'right', 'blink'],
			returnFullFace: true,
		});
		expect(JSON.stringify(body)).toBe(
			'{"fileBase64":"AAAA","movements":["left","right","blink"],"returnFullFace":true}',
		);
	});

	test('the movements list is a copy: the body never shares the parameter', () => {
		const movements: Array<'up'> = ['up'];
		const fields = detectBodyFields({ movements, returnFullFace: false });
		movements.push('up');
		expect(fields.movements).toEqual(['up']);
	});
});

describe('Movements parameter', () => {
	test('nothing or an empty list is a passive check', () => {
		for (const value of [undefined, null, '', []]) expect(checkMovements(value)).toEqual([]);
	});

	test('the six names, kept in order (duplicates as given)', () => {
		expect(checkMovements(['smile', 'up', 'down', 'left', 'right', 'blink', 'up'])).toEqual([
			'smile',
			'up',
			'down',
			'left',
			'right',
			'blink',
			'up',
		]);
	});

	test('an unknown movement is a problem naming it, never dropped', () => {
		const problem = checkMovements(['left', 'wink', 'Up']);
		expect(problem).toEqual({
			message: '"Movements" holds "wink", "Up", which MostQi does not check',
			description: expect.stringContaining('up, down, left, right, smile, blink'),
		});
	});

	test('an expression that gives text is a problem, not a list of letters', () => {
		expect(checkMovements('left,right')).toMatchObject({
			message: '"Movements" must be a list of movements, but its expression gave string',
		});
	});
});

describe('a photo with movements', () => {
	test('photos and videos recognised from their first bytes', () => {
		expect(mediaKindOf(JPEG)).toEqual({ kind: 'image', format: 'JPEG' });
		expect(mediaKindOf(PNG)).toEqual({ kind: 'image', format: 'PNG' });
		expect(mediaKindOf(HEIC)).toEqual({ kind: 'image', format: 'HEIC' });
		expect(mediaKindOf(text('RIFF\0\0\0\0WEBPVP8 '))).toEqual({ kind: 'image', format: 'WebP' });
		expect(mediaKindOf(MP4)).toEqual({ kind: 'video', format: 'MP4' });
		expect(mediaKindOf(MOV)).toEqual({ kind: 'video', format: 'QuickTime (MOV)' });
		expect(mediaKindOf(WEBM)).toEqual({ kind: 'video', format: 'WebM/Matroska' });
		expect(mediaKindOf(text('RIFF\0\0\0\0AVI LIST'))).toEqual({ kind: 'video', format: 'AVI' });
	});

	test("the bytes win over n8n's MIME type; unknown bytes fall back to it", () => {
		expect(mediaKindOf(JPEG, 'video/mp4').kind).toBe('image');
		expect(mediaKindOf(text('????????'), 'video/mp4')).toEqual({ kind: 'video', format: 'MP4' });
		expect(mediaKindOf(text('????????'), 'image/jpeg')).toEqual({ kind: 'image', format: 'JPEG' });
		expect(mediaKindOf(text('????????'))).toEqual({ kind: 'unknown' });
		expect(mediaKindOf(text('????????'), 'application/octet-stream')).toEqual({
			kind: 'unknown',
		});
	});

	test('a photo with movements is an input error in the fields the builder sees', () => {
		expect(checkPhotoWithMovements(['up'], mediaKindOf(JPEG), 'binary')).toEqual({
			message: '"Movements" need a video, but the file in "Selfie Binary Field" is a photo (JPEG)',
			description:
				'MostQi checks movements in a video of the person making them in order, and refuses a photo with movements (HTTP 415). Send a video, or clear "Movements" for a passive check of the photo.',
		});
		expect(checkPhotoWithMovements(['up'], mediaKindOf(PNG), 'base64')?.message).toBe(
			'"Movements" need a video, but the file in "Selfie Base64" is a photo (PNG)',
		);
	});

	test('no problem for a photo without movements, a video with them, or an unknown file', () => {
		expect(checkPhotoWithMovements([], mediaKindOf(JPEG), 'binary')).toBeUndefined();
		expect(checkPhotoWithMovements(['smile'], mediaKindOf(MP4), 'binary')).toBeUndefined();
		expect(checkPhotoWithMovements(['smile'], { kind: 'unknown' }, 'binary')).toBeUndefined();
	});

	test("the words for MostQi's 415 on a URL, whose file the node never saw", () => {
		expect(photoWithMovementsProblem('url').message).toBe(
			'"Movements" need a video, but the file at "Selfie URL" is a photo',
		);
	});
});

describe('session body', () => {
	const none: SessionParameters = {
		webhookUrl: '',
		webhookHeaders: {},
		webhookQueryParameters: {},
		redirectUrl: '',
		pageOptions: {},
	};
	const body = (parameters: Partial<SessionParameters>) => {
		const built = buildSessionBody({ ...none, ...parameters });
		if ('problem' in built) throw new Error(built.problem.message);
		return built.body;
	};
	const problem = (parameters: Partial<SessionParameters>) => {
		const built = buildSessionBody({ ...none, ...parameters });
		if (!('problem' in built)) throw new Error(`no problem: ${JSON.stringify(built.body)}`);
		return built.problem;
	};

	test('nothing set: an empty body (every field is optional)', () => {
		expect(body({})).toEqual({});
		expect(
			body({
				webhookUrl: undefined,
				webhookHeaders: undefined,
				webhookQueryParameters: undefined,
				redirectUrl: undefined,
				pageOptions: undefined,
			}),
		).toEqual({});
	});

	test('the webhook with its headers and query strings as name/value lists', () => {
		expect(
			body({
				webhookUrl: ' https://n8n.example/webhook-waiting/42 ',
				webhookHeaders: {
					parameters: [
						{ name: 'Authorization', value: 'Bearer s3cret' },
						{ name: '', value: '' },
						{ name: 'X-Flow', value: 7 },
					],
				},
				webhookQueryParameters: { parameters: [{ name: 'token', value: 'abc' }] },
			}),
		).toEqual({
			webhook: {
				url: 'https://n8n.example/webhook-waiting/42',
				authorization: {
					headers: [
						{ name: 'Authorization', value: 'Bearer s3cret' },
						{ name: 'X-Flow', value: '7' },
					],
					queryStrings: [{ name: 'token', value: 'abc' }],
				},
			},
		});
	});

	test('a webhook without headers or query strings has no authorization', () => {
		expect(body({ webhookUrl: 'https://n8n.example/w' })).toEqual({
			webhook: { url: 'https://n8n.example/w' },
		});
		expect(
			body({
				webhookUrl: 'https://n8n.example/w',
				webhookHeaders: { parameters: [{ name: 'X', value: '1' }] },
			}),
		).toEqual({
			webhook: {
				url: 'https://n8n.example/w',
				authorization: { headers: [{ name: 'X', value: '1' }] },
			},
		});
	});

	test('headers without a Webhook URL are a problem, not dropped in silence', () => {
		expect(problem({ webhookHeaders: { parameters: [{ name: 'X', value: '1' }] } })).toEqual({
			message: '"Webhook Headers" are set but "Webhook URL" is empty',
			description: expect.stringContaining('{{ $execution.resumeUrl }}'),
		});
		expect(
			problem({ webhookQueryParameters: { parameters: [{ name: 't', value: '1' }] } }).message,
		).toBe('"Webhook Query Parameters" are set but "Webhook URL" is empty');
	});

	test('a value without a name is a problem that never quotes the value', () => {
		const found = problem({
			webhookUrl: 'https://n8n.example/w',
			webhookHeaders: {
				parameters: [
					{ name: 'A', value: '1' },
					{ name: ' ', value: 'Bearer s3cret' },
				],
			},
		});
		expect(found.message).toBe('Entry 2 of "Webhook Headers" has a value but no name');
		expect(JSON.stringify(found)).not.toContain('s3cret');
	});

	test('webhook and redirect must be http(s) addresses', () => {
		expect(problem({ webhookUrl: 'n8n.example/w' }).message).toBe(
			'"Webhook URL" must be an http(s) address, not "n8n.example/w"',
		);
		expect(problem({ redirectUrl: 'ftp://x.test/' }).message).toMatch(/^"Redirect URL" must be/);
		expect(problem({ webhookUrl: 42 }).message).toBe(
			'"Webhook URL" must be text, but its expression gave number',
		);
		expect(body({ redirectUrl: 'https://app.example/next' })).toEqual({
			redirectUrl: 'https://app.example/next',
		});
	});

	test('page options: language, theme, colour, and each message keyed by the language', () => {
		expect(
			body({
				pageOptions: {
					language: 'pt-BR',
					theme: 'dark',
					primaryColor: '#1A73E8',
					welcomeMessage: 'Olá',
					successMessage: 'Pronto',
					failureMessage: 'Tente de novo',
				},
			}),
		).toEqual({
			uiCustomization: {
				defaultLanguage: 'pt-BR',
				theme: 'dark',
				primaryColor: '#1A73E8',
				welcomeMessage: { [PORTUGUESE_MESSAGE_KEY]: 'Olá' },
				successMessage: { [PORTUGUESE_MESSAGE_KEY]: 'Pronto' },
				failureMessage: { [PORTUGUESE_MESSAGE_KEY]: 'Tente de novo' },
			},
		});
		expect(body({ pageOptions: { language: 'en', welcomeMessage: 'Hi' } })).toEqual({
			uiCustomization: { defaultLanguage: 'en', welcomeMessage: { en: 'Hi' } },
		});
	});

	test('the Portuguese key is one constant, pt-BR', () => {
		expect(PORTUGUESE_MESSAGE_KEY).toBe('pt-BR');
		expect(MESSAGE_KEYS).toEqual({ 'pt-BR': 'pt-BR', en: 'en', es: 'es', fr: 'fr' });
	});

	test('empty page options are left out; only the language: no messages', () => {
		expect(body({ pageOptions: { theme: '  ', primaryColor: '', welcomeMessage: '' } })).toEqual(
			{},
		);
		expect(body({ pageOptions: { language: 'fr' } })).toEqual({
			uiCustomization: { defaultLanguage: 'fr' },
		});
	});

	test("a message without Language: the Language parameter's default (pt-BR), for the page too", () => {
		expect(LANGUAGE.default).toBe('pt-BR');
		expect(body({ pageOptions: { welcomeMessage: 'Olá!', successMessage: 'Pronto' } })).toEqual({
			uiCustomization: {
				defaultLanguage: LANGUAGE.default,
				welcomeMessage: { [MESSAGE_KEYS[LANGUAGE.default]]: 'Olá!' },
				successMessage: { [MESSAGE_KEYS[LANGUAGE.default]]: 'Pronto' },
			},
		});
		expect(body({ pageOptions: { language: 'en', failureMessage: 'Sorry' } })).toEqual({
			uiCustomization: { defaultLanguage: 'en', failureMessage: { en: 'Sorry' } },
		});
	});

	test('an unknown language or colour: problems', () => {
		expect(problem({ pageOptions: { language: 'de' } }).message).toBe(
			'"Language" must be one of pt-BR, en, es, fr, not "de"',
		);
		expect(problem({ pageOptions: { primaryColor: 'blue' } }).message).toBe(
			'"Primary Color" must be a colour such as #1A73E8, not "blue"',
		);
		expect(body({ pageOptions: { primaryColor: '#abc' } })).toEqual({
			uiCustomization: { primaryColor: '#abc' },
		});
	});

	test('the whole body together', () => {
		expect(
			body({
				webhookUrl: 'https://n8n.example/w',
				webhookHeaders: { parameters: [{ name: 'X-Key', value: 'k' }] },
				redirectUrl: 'https://app.example/next',
				pageOptions: { language: 'es', welcomeMessage: 'Hola' },
			}),
		).toEqual({
			webhook: {
				url: 'https://n8n.example/w',
				authorization: { headers: [{ name: 'X-Key', value: 'k' }] },
			},
			redirectUrl: 'https://app.example/next',
			uiCustomization: { defaultLanguage: 'es', welcomeMessage: { es: 'Hola' } },
		});
	});
});

describe('name/value lists', () => {
	test('the editor value, or a plain list from an expression', () => {
		expect(nameValuePairs({ parameters: [{ name: 'a', value: 'b' }] }, 'L')).toEqual([
			{ name: 'a', value: 'b' },
		]);
		expect(nameValuePairs([{ name: 'a', value: 'b' }], 'L')).toEqual([{ name: 'a', value: 'b' }]);
		expect(nameValuePairs({}, 'L')).toEqual([]);
		expect(isProblem(nameValuePairs({ parameters: 'a=b' }, 'L'))).toBe(true);
	});
});

describe('status body', () => {
	test('the process ID, trimmed', () => {
		expect(buildStatusBody(' p-123 ')).toEqual({ body: { processId: 'p-123' } });
	});

	test('a whole number from an expression (e.g. a parsed query parameter): its decimal text', () => {
		expect(buildStatusBody(12345)).toEqual({ body: { processId: '12345' } });
		expect(buildStatusBody(0)).toEqual({ body: { processId: '0' } });
		for (const inexact of [2 ** 53, 1e21, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(buildStatusBody(inexact)).toMatchObject({
				problem: {
					message: expect.stringMatching(
						/^"Process ID" must be text, but its expression gave the number .*, which is not an exact whole number$/,
					),
				},
			});
		}
	});

	test('empty or not text: a problem naming "Process ID"', () => {
		expect(buildStatusBody('')).toEqual({
			problem: {
				message: '"Process ID" is empty',
				description: expect.stringContaining('Start Session'),
			},
		});
		expect(buildStatusBody(undefined)).toMatchObject({
			problem: { message: '"Process ID" is empty' },
		});
		expect(buildStatusBody({ id: 1 })).toMatchObject({
			problem: { message: '"Process ID" must be text, but its expression gave an object' },
		});
	});
});
