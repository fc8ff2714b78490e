import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { rememberSecret } from '../lib/mostqi/secrets';
import {
	CUSTOM_BASE_URL,
	DEFAULT_BASE_URL,
	PRODUCTION_BASE_URL,
	apiRoot,
} from '../lib/mostqi/transport/baseUrl';
import { requestToken } from '../lib/mostqi/transport/token';
import { checkCallback } from '../lib/mostqi/transport/callback';
import { spendDeadline } from '../lib/mostqi/transport/deadline';

/**
 * MostQi credential.
 *
 * MostQi JWTs work for one request only, so in `clientKey` mode n8n's pre-authentication hook
 * fetches a fresh token for every request made with this credential (the hidden
 * `sessionToken` is never saved: `preAuthentication` returns no value for it, so n8n calls the
 * hook again next time). The node never sees the client key, and never needs to know the mode.
 */
export class MostQiApi implements ICredentialType {
	name = 'mostQiApi';

	displayName = 'MostQi API';

	// A community credential links to its docs by URL (n8n's lint turns the camel-case rule off
	// for community packages).
	documentationUrl = 'https://github.com/n8n-nodes-mostqi/n8n-nodes-mostqi/blob/main/README.md';

	icon: Icon = { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Client Key',
					value: 'clientKey',
					description: 'A fresh single-use token is obtained from MostQi for every request',
				},
				{
					name: 'Bearer Token',
					value: 'bearerToken',
					description: 'A ready token sent as is, for gateways that mint MostQi tokens themselves',
				},
			],
			default: 'clientKey',
		},
		// The client key is MostQi's long-lived secret, though its name does not say so: n8n's lint
		// warns about a password field whose name sounds harmless; the warning stays, by design.
		{
			displayName: 'Client Key',
			name: 'clientKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The client key MostQi issued to you (a trial key works too)',
			displayOptions: { show: { authType: ['clientKey'] } },
		},
		{
			displayName: 'Bearer Token',
			name: 'bearerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent as "Authorization: Bearer &lt;token&gt;" on every request',
			displayOptions: { show: { authType: ['bearerToken'] } },
		},
		// A choice of MostQi's two domains or a URL of one's own. Credentials saved when this was a
		// text field keep their URL as the value, and it still works (see apiRoot).
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'options',
			options: [
				{
					name: 'MostQi (mostqiapi.com)',
					value: DEFAULT_BASE_URL,
					description: "Reachable from anywhere; MostQi's firewall may interrupt bursts",
				},
				{
					name: 'MostQi for Whitelisted Servers (production-mostqiapi.com)',
					value: PRODUCTION_BASE_URL,
					description: 'Only from server IPs MostQi has whitelisted for you',
				},
				{
					name: 'Custom URL',
					value: CUSTOM_BASE_URL,
					description: 'A gateway of yours, or a local MostQi emulator',
				},
			],
			default: DEFAULT_BASE_URL,
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://mostqi-gateway.example.com',
			description:
				'An https address; plain http only for a local MostQi emulator on this machine. No user name or password in it.',
			displayOptions: { show: { baseUrl: [CUSTOM_BASE_URL] } },
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authType === 'bearerToken') return {};
		// Handed to `authenticate` below through the same credentials object; not returned, so
		// that n8n neither stores it nor skips this hook on the next request.
		credentials.sessionToken = await requestToken(this, credentials);
		return {} as IDataObject;
	}

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const bearer = credentials.authType === 'bearerToken';
		const token = bearer ? String(credentials.bearerToken ?? '').trim() : credentials.sessionToken;
		// A gateway may echo its token in an error, in any shape; the node reading the answer never
		// sees the credential, so the token is noted for redaction here (see rememberSecret).
		if (bearer) rememberSecret(token);
		const baseURL = apiRoot(credentials);
		return {
			// a try the node has given up on, or a callback MostQi cannot reach, sends nothing (see
			// lib/mostqi/transport/deadline.ts and callback.ts)
			...spendDeadline(checkCallback(requestOptions, baseURL)),
			baseURL,
			headers: {
				...requestOptions.headers,
				...(token ? { Authorization: `Bearer ${String(token)}` } : {}),
			},
		};
	};

	// No `test` here: the node's credential test (lib/mostqi/transport/credentialTest.ts, wired through
	// `testedBy`) checks what runs use in both modes, which one declarative request cannot.
}
