import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow, createDeferredPromise, createRunExecutionData } from 'n8n-workflow';

import { MostQiApi } from '../../credentials/MostQiApi.credentials';
import { MostQiFaceCompare } from '../../nodes/MostQiFaceCompare/MostQiFaceCompare.node';
import { MostQiLiveness } from '../../nodes/MostQiLiveness/MostQiLiveness.node';
import { TestCredentialsHelper } from './credentialsHelper';
import type { SourceItem } from './sourceNode';
import { TestSource, registerItems } from './sourceNode';

export const NODE_TYPE = 'CUSTOM.mostQiFaceCompare';
export const LIVENESS_TYPE = 'CUSTOM.mostQiLiveness';
const SOURCE_TYPE = 'CUSTOM.testSource';
export const COMPARE_NODE = 'MostQi Face Compare';
export const LIVENESS_NODE = 'MostQi Liveness';

/** The version n8n gives a new node of the type: Face Compare 2, MostQi Liveness 1. */
export function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[NODE_TYPE]: new MostQiFaceCompare(),
		[LIVENESS_TYPE]: new MostQiLiveness(),
		[SOURCE_TYPE]: new TestSource(),
	};

	getByName(name: string): INodeType | IVersionedNodeType {
		return this.types[name];
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		const type = this.types[name];
		return 'nodeVersions' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes() {
		return {};
	}
}

let binaryReady: Promise<void> | undefined;

/**
 * Ends what n8n-core keeps running after a workflow (its SSH tunnel manager's cleanup interval),
 * so that jest exits on its own: anything else still running then is a leak of ours and keeps
 * the run from ending, which CI notices.
 */
export function shutdownEngine(): void {
	Container.get(SSHClientsManager).onShutdown();
}

/** n8n's binary data service, in the mode the environment names (filesystem by default). */
export function binaryDataService(): Promise<void> {
	binaryReady ??= Container.get(BinaryDataService).init();
	return binaryReady;
}

export interface RunOptions {
	items: SourceItem[];
	/** The compare node's parameters. */
	parameters: Record<string, unknown>;
	credentials: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** The node's "On Error" setting; `continueOnFail: true` is "continueRegularOutput". */
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Cancels the execution: n8n's cancel signal, as when a user stops it. */
	abortSignal?: AbortSignal;
	/** The compare node's version: its latest unless a test pins another (version 1). */
	typeVersion?: number;
	/** The node's Settings: Retry On Fail, Max Tries, Wait Between Tries, Always Output Data. */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries' | 'alwaysOutputData'>;
}

export interface RunResult {
	run: IRun;
	/** The compare node's output items (undefined when it failed). */
	output?: INodeExecutionData[];
	/** Its error output, with "continueErrorOutput". */
	errorOutput?: INodeExecutionData[];
	/** Every output of the compare node, in order (Route by Decision has several). */
	outputs?: Array<INodeExecutionData[] | null>;
	/** The compare node's error when it stopped the execution. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	credentialsHelper: TestCredentialsHelper;
}

/**
 * Runs "Test Source → MostQi Face Compare" to completion through n8n's own WorkflowExecute:
 * parameters resolved by n8n (expressions included), binary data stored by n8n, requests made
 * by n8n's HTTP helpers with the credential applied by the credentials helper.
 */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const compareNode: ChainNode = {
		name: COMPARE_NODE,
		type: NODE_TYPE,
		typeVersion: options.typeVersion,
		parameters: options.parameters,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
		settings: options.settings,
	};
	const result = await runChain({ ...options, chain: [compareNode] });
	return { ...result, ...result.nodes[COMPARE_NODE] };
}

/** A MostQi node of a chain: its name, type, version, parameters and error setting. */
export interface ChainNode {
	name: string;
	type: string;
	/** The node's version: the latest its type has unless given (what a new node gets). */
	typeVersion?: number;
	parameters: Record<string, unknown>;
	onError?: RunOptions['onError'];
	settings?: RunOptions['settings'];
}

/** One node's outcome in a run (see RunResult). */
export type NodeResult = Pick<RunResult, 'output' | 'errorOutput' | 'outputs' | 'error'>;

export interface ChainOptions {
	items: SourceItem[];
	/** The nodes after Test Source, each fed by the first output of the one before. */
	chain: ChainNode[];
	credentials: ICredentialDataDecryptedObject;
	abortSignal?: AbortSignal;
}

/**
 * Runs "Test Source → node → node …" to completion through n8n's own WorkflowExecute (see
 * runWorkflow): a workflow of several MostQi nodes, such as a liveness check whose frontal face
 * goes on to Face Compare.
 */
export async function runChain(
	options: ChainOptions,
): Promise<Omit<RunResult, keyof NodeResult> & { nodes: Record<string, NodeResult> }> {
	await binaryDataService();
	const sourceNode: INode = {
		id: 'source',
		name: 'Test Source',
		type: SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { fixture: registerItems(options.items) },
	};
	const nodeTypes = new TestNodeTypes();
	const chain: INode[] = options.chain.map((node, index) => ({
		id: `node-${index}`,
		name: node.name,
		type: node.type,
		typeVersion: node.typeVersion ?? latestVersion(nodeTypes.getByName(node.type)),
		position: [200 * (index + 1), 0],
		parameters: node.parameters as INode['parameters'],
		credentials: { mostQiApi: { id: '1', name: 'MostQi account' } },
		...(node.onError ? { onError: node.onError } : {}),
		...node.settings,
	}));
	const nodes = [sourceNode, ...chain];
	const workflow = new Workflow({
		id: 'engine-test',
		nodes,
		connections: Object.fromEntries(
			chain.map((node, index) => [
				nodes[index].name,
				{ main: [[{ node: node.name, type: 'main' as const, index: 0 }]] },
			]),
		),
		nodeTypes,
		active: false,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'engine-test', {
		id: 'engine-test',
		name: 'engine test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: workflow.connectionsBySourceNode,
		activeVersionId: null,
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const credentialsHelper = new TestCredentialsHelper(
		{ mostQiApi: new MostQiApi() },
		{ mostQiApi: options.credentials },
	);
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId: 'engine-test',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: sourceNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = execution.processRunExecutionData(workflow);
	if (options.abortSignal) {
		options.abortSignal.addEventListener('abort', () => running.cancel(), { once: true });
	}
	await running.catch(() => undefined);
	const run = await finished.promise;

	const results: Record<string, NodeResult> = {};
	for (const node of chain) {
		const taskData = run.data.resultData.runData[node.name]?.[0];
		results[node.name] = {
			output: taskData?.data?.main[0] ?? undefined,
			errorOutput: taskData?.data?.main[1] ?? undefined,
			outputs: taskData?.data?.main,
			error: (taskData?.error ?? undefined) as RunResult['error'],
		};
	}
	return { run, credentialsHelper, nodes: results };
}
