/**
 * The one stand-in for n8n's IExecuteFunctions, for unit tests of the nodes' modules without the
 * engine: parameters per item (a function may throw, as a bad expression does), items with
 * in-item binary data, and an HTTP helper answered by a script. The node is Face Compare at its
 * current version (2) unless a test names another.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

/** Face Compare's current version: what a new node gets, and what the fakes default to. */
export const CURRENT_VERSION = 2;

/** A parameter: a value for every item, or a function of the item index (which may throw). */
export type Param = unknown | ((itemIndex: number) => unknown);

/** What the fake HTTP helper answers: a full response, or a thrown error. */
export type HttpAnswer =
	| { statusCode: number; body: unknown; headers?: Record<string, string> }
	| { throws: unknown }
	| { pending: true };

export interface FakeOptions {
	items?: INodeExecutionData[];
	/** Top-level parameters, and options under `options` (their keys say which are set). */
	parameters?: Record<string, Param>;
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	signal?: AbortSignal;
	/** Answers for the compare requests, in order; the last one repeats. */
	answers?: HttpAnswer[];
	/** Awaited before each answer (to hold requests in flight). */
	hold?: () => Promise<void>;
	/** The node's version (default: the current one, 2). */
	typeVersion?: number;
	/** More helpers, or helpers in place of the fake's (getBinaryMetadata, getBinaryStream…). */
	helpers?: Record<string, unknown>;
}

export interface Fake {
	ctx: IExecuteFunctions;
	/** Every request the node sent, with the credential type named. */
	requests: Array<{ credential: string; options: IHttpRequestOptions }>;
	/** Requests in flight now, and the most at once. */
	inFlight: { now: number; most: number };
}

export const OK_ANSWER = (similarity: number, extra: Record<string, unknown> = {}): HttpAnswer => ({
	statusCode: 200,
	body: {
		requestId: 'req-1',
		elapsedMilliseconds: 12,
		status: { code: '200', message: 'Ok', errors: null },
		result: { similarity },
		...extra,
	},
});

function resolveParam(value: Param, itemIndex: number): unknown {
	return typeof value === 'function' ? (value as (i: number) => unknown)(itemIndex) : value;
}

/** `a.b` in nested parameters. */
function lookup(parameters: Record<string, Param>, name: string, itemIndex: number): unknown {
	const [head, ...rest] = name.split('.');
	let value = resolveParam(parameters[head], itemIndex);
	for (const key of rest) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = resolveParam((value as Record<string, Param>)[key], itemIndex);
	}
	return value;
}

/** The saved node, as n8n hands it to a node's code and to its error classes. */
export function fakeNode(overrides: Partial<INode> = {}): INode {
	return {
		id: 'node-1',
		name: 'MostQi Face Compare',
		type: 'n8n-nodes-mostqi.mostQiFaceCompare',
		typeVersion: CURRENT_VERSION,
		position: [0, 0],
		parameters: {},
		...overrides,
	};
}

export function fakeExecuteContext(options: FakeOptions = {}): Fake {
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const parameters = options.parameters ?? {};
	const requests: Fake['requests'] = [];
	const inFlight = { now: 0, most: 0 };
	const answers = options.answers ?? [OK_ANSWER(0.9)];
	const node = fakeNode({
		typeVersion: options.typeVersion ?? CURRENT_VERSION,
		parameters: parameters as never,
		onError: options.onError,
	});
	const binaryOf = (itemIndex: number, name: string) => {
		const binary = items[itemIndex]?.binary?.[name];
		if (!binary) throw new Error(`no binary ${name} on item ${itemIndex}`);
		return binary;
	};
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getExecutionCancelSignal: () => options.signal,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = lookup(parameters, name, itemIndex);
			return value === undefined ? fallback : value;
		},
		helpers: {
			getBinaryDataBuffer: async (itemIndex: number, name: string) =>
				Buffer.from(binaryOf(itemIndex, name).data, 'base64'),
			httpRequestWithAuthentication: async (credential: string, request: IHttpRequestOptions) => {
				requests.push({ credential, options: request });
				const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
				inFlight.now++;
				inFlight.most = Math.max(inFlight.most, inFlight.now);
				await options.hold?.();
				inFlight.now--;
				if ('throws' in answer) throw answer.throws;
				if ('pending' in answer) return await new Promise(() => undefined);
				return { headers: {}, ...answer };
			},
			...options.helpers,
		},
	} as unknown as IExecuteFunctions;
	return { ctx, requests, inFlight };
}

/** An item with two in-item PNG files, `selfie` and `document`. */
export function itemWithFaces(
	selfie: Buffer,
	document: Buffer,
	json: IDataObject = {},
): INodeExecutionData {
	const file = (bytes: Buffer, fileName: string) => ({
		data: bytes.toString('base64'),
		mimeType: 'image/png',
		fileName,
	});
	return {
		json,
		binary: { selfie: file(selfie, 'selfie.png'), document: file(document, 'document.png') },
	};
}
