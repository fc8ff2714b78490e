import { buildCompareBody } from '../../nodes/MostQiFaceCompare/transport/requestBody';
import { makePng } from '../fixtures/images';

describe('buildCompareBody', () => {
	test.each([1, 2, 3, 4, 100, 3 * 64 * 1024 - 1, 3 * 64 * 1024, 3 * 64 * 1024 + 1, 1_000_003])(
		'writes a %i-byte file exactly as JSON.stringify of its base64 would',
		(size) => {
			const bytes = Buffer.alloc(size, 0xab);
			bytes[size - 1] = 0x01;
			const body = buildCompareBody(
				{ kind: 'bytes', bytes, format: 'png' },
				{ kind: 'url', url: 'https://example.com/b.jpg?x="y"' },
			);
			expect(body.toString('utf8')).toBe(
				JSON.stringify({
					faceFileBase64A: bytes.toString('base64'),
					faceFileUrlB: 'https://example.com/b.jpg?x="y"',
				}),
			);
		},
	);

	test('base64 faces are sent as given and PDF passwords base64-encoded', () => {
		const png = makePng('a');
		const body = JSON.parse(
			buildCompareBody(
				{ kind: 'base64', base64: png.toString('base64'), format: 'png' },
				{ kind: 'bytes', bytes: png, format: 'png' },
				{ A: 'pässwörd', B: 'x"y' },
			).toString('utf8'),
		);
		expect(body).toEqual({
			faceFileBase64A: png.toString('base64'),
			faceFilePasswordA: Buffer.from('pässwörd').toString('base64'),
			faceFileBase64B: png.toString('base64'),
			faceFilePasswordB: Buffer.from('x"y').toString('base64'),
		});
	});
});
