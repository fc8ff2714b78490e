/**
 * MostQi's routes: relative to the credential's Base URL, each declared once, and each one the
 * emulator (test/emulator) serves, so that the tests run against the routes the nodes call.
 */
import * as routes from '../../../../../lib/mostqi/transport/routes';
import { startEmulator } from '../../../../emulator/server';

const ROUTES = Object.entries(routes) as Array<[string, string]>;

test('five routes, each a path relative to the Base URL', () => {
	expect(ROUTES.map(([name]) => name).sort()).toEqual([
		'FACE_COMPARE_ROUTE',
		'LIVENESS_DETECT_ROUTE',
		'LIVENESS_SESSION_ROUTE',
		'LIVENESS_STATUS_ROUTE',
		'SIGN_IN_ROUTE',
	]);
	for (const [, route] of ROUTES) {
		expect(route).toMatch(/^\/[a-z][a-z0-9/-]*$/);
		expect(route).not.toMatch(/\/$|\/\//);
	}
});

test('no two routes are the same', () => {
	const values = ROUTES.map(([, route]) => route);
	expect(new Set(values).size).toBe(values.length);
});

describe('the emulator serves every route', () => {
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	beforeAll(async () => {
		emulator = await startEmulator({ port: 0, clientKeys: ['ck_routes_test'] });
	});
	afterAll(async () => await emulator.close());

	const post = async (route: string) => {
		const response = await fetch(`${emulator.url}${route}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: '{}',
		});
		const text = await response.text();
		return { status: response.status, text };
	};

	test.each(ROUTES)(
		'%s: without a token, MostQi\'s 401 R117, not "no such route"',
		async (_name, route) => {
			const { status, text } = await post(route);
			expect(status).toBe(401);
			expect(JSON.parse(text)).toMatchObject({ status: { code: 'R117' } });
		},
	);

	test('a route it does not serve is not found (what a renamed route would meet)', async () => {
		const { status } = await post(`${routes.FACE_COMPARE_ROUTE}-v2`);
		expect(status).toBe(404);
	});
});
