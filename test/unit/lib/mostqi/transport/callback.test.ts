/** A URL MostQi calls back, checked by the credential against its Base URL before sending. */
import { checkCallback, withCallback } from '../../../../../lib/mostqi/transport/callback';

const request = { method: 'POST' as const, url: '/liveness/streaming/async', body: { a: 1 } };
const callback = (url: string) => ({ url, label: 'Webhook URL' });
const refusal = (url: string, root: string) => {
	try {
		checkCallback(withCallback(request, callback(url)), root);
	} catch (error) {
		return error as Error & { description: string; context: Record<string, unknown> };
	}
	return undefined;
};

test.each([
	['http://localhost:5678/webhook-waiting/7', 'localhost'],
	['http://127.0.0.1:5678/webhook-waiting/7', '127.0.0.1'],
	['http://[::1]:5678/webhook-waiting/7', '[::1]'],
])('with MostQi as Base URL, a callback to %s is refused: INVALID_INPUT', (url, host) => {
	const error = refusal(url, 'https://mostqiapi.com');
	expect(error?.message).toBe(
		`"Webhook URL" points to ${host}, this n8n's own machine: MostQi cannot call this n8n back there`,
	);
	expect(error?.description).toBe(
		`MostQi calls the Webhook URL from its servers, where ${host} is not this n8n. Set n8n's WEBHOOK_URL environment variable to the address of this n8n that MostQi can reach (e.g. https://n8n.example.com/), so that {{ $execution.resumeUrl }} uses it, and restart n8n.`,
	);
	expect((error?.context.mostQiFailure as { errorCode: string }).errorCode).toBe('INVALID_INPUT');
});

test('with an emulator on this machine as Base URL, a loopback callback is sent, unmarked', () => {
	const sent = checkCallback(
		withCallback(request, callback('http://localhost:5678/webhook-waiting/7')),
		'http://127.0.0.1:4010',
	);
	expect(sent).toEqual(request);
});

test('a public callback is sent, unmarked', () => {
	const sent = checkCallback(
		withCallback(request, callback('https://n8n.example.com/webhook-waiting/7')),
		'https://mostqiapi.com',
	);
	expect(sent).toEqual(request);
});

test('a request without a callback (every other route) is sent as it is', () => {
	expect(withCallback(request, undefined)).toBe(request);
	expect(checkCallback(request, 'https://mostqiapi.com')).toBe(request);
});
