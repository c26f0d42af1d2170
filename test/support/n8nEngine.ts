/**
 * Runs workflows through n8n-core's own engine (WorkflowExecute) in this process — real parameter
 * defaults, real expression evaluation, n8n's real request helpers and OAuth2 refresh — with an
 * in-memory credential store in place of n8n's database. n8n's own NodeTestHarness is not published,
 * so this is the small equivalent this project needs; its credentials helper implements n8n-workflow's
 * ICredentialsHelper the way n8n's CLI CredentialsHelper does (defaults and `$self` expressions,
 * generic authenticate, preAuthentication with the expirable property, OAuth token storage).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	LoggerProxy,
	Workflow,
	createRunExecutionData,
	isExpression,
} from 'n8n-workflow';

// n8n keeps per-instance files in its user folder. Under jest, jestGlobalSetup.ts made one for the
// run; a process of its own (the bench's runner) gets a throw-away folder, removed when it exits.
if (!process.env.N8N_USER_FOLDER) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-zoom-user-token-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.once('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
}

export const ZOOM_NODE_TYPE = 'n8n-nodes-zoom-user-token.zoomUserToken';

/**
 * Everything n8n logs during the tests, kept here instead of printed: n8n's logger writes straight to
 * stdout (past jest's console capture), so every failure a test provokes on purpose would scroll by
 * as an error line. Tests read it (the secrets sweep searches it).
 */
export const n8nLog: string[] = [];
const record =
	(level: string) =>
	(message: string, meta?: object): void => {
		n8nLog.push(`${level}: ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
	};
const captureLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	scoped: () => captureLogger,
};
Container.set(Logger, captureLogger as unknown as Logger);
LoggerProxy.init(captureLogger);

class NodeTypes implements INodeTypes {
	constructor(private readonly nodes: Record<string, INodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.nodes[type];
	}

	getByNameAndVersion(type: string): INodeType {
		return this.nodes[type];
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.nodes).map((type) => [type, { className: type, sourcePath: '' }]),
		);
	}
}

/** Credential data as tests write and read it: plain JSON, nested token data included. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read nested fields such as oauthTokenData.refresh_token
export type CredentialData = Record<string, any>;

export interface StoredCredential {
	type: string;
	data: CredentialData;
}

/** In-memory credentials: `store[id] = {type, data}`; `updates` records every write n8n makes. */
class MemoryCredentialsHelper extends ICredentialsHelper {
	readonly updates: Array<{
		id: string | null;
		type: string;
		data: ICredentialDataDecryptedObject;
	}> = [];

	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly store: Record<string, StoredCredential>,
		private readonly expressionWorkflow: Workflow,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const credentialType = this.credentialTypes[name];
		if (!credentialType) throw new Error(`Unknown credential type ${name}`);
		return credentialType;
	}

	private entry(nodeCredentials: INodeCredentialsDetails): StoredCredential {
		const entry = nodeCredentials.id === null ? undefined : this.store[nodeCredentials.id];
		if (!entry) throw new Error(`Credential ${nodeCredentials.id} not found`);
		return entry;
	}

	getParentTypes(name: string): string[] {
		return this.type(name).extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		return this.type(name).properties;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<ICredentials> {
		const entry = this.entry(nodeCredentials);
		return {
			id: nodeCredentials.id,
			name: nodeCredentials.name,
			getData: async () => structuredClone(entry.data),
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const entry = this.entry(nodeCredentials);
		if (entry.type !== type)
			throw new Error(`Credential ${nodeCredentials.id} is not of type ${type}`);
		const data = structuredClone(entry.data);
		// Defaults of the credential's own properties, then its expressions with $self = its data, as n8n does.
		for (const property of this.type(type).properties) {
			if (data[property.name] === undefined)
				data[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
		const mockNode: INode = {
			id: 'mock',
			name: '',
			typeVersion: 1,
			type: 'mock',
			position: [0, 0],
			parameters: {},
		};
		return this.expressionWorkflow.expression.getComplexParameterValue(
			mockNode,
			data as INodeParameters,
			'internal',
			{},
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		const options = requestOptions as IHttpRequestOptions &
			Record<string, Record<string, unknown> | undefined>;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate?.type === 'generic') {
			for (const [outerKey, values] of Object.entries(
				authenticate.properties as Record<string, Record<string, string>>,
			)) {
				const target = (options[outerKey] ??= {});
				for (const [key, value] of Object.entries(values)) {
					target[key] =
						isExpression(value) && workflow && node
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										value,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									),
								)
							: value;
				}
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials![typeName];
		await this.updateCredentials(nodeCredentials, typeName, {
			...this.entry(nodeCredentials).data,
			...output,
		});
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.type(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates.push({ id: nodeCredentials.id, type, data: structuredClone(data) });
		this.store[nodeCredentials.id!] = { type, data: structuredClone(data) };
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const entry = this.entry(nodeCredentials);
		entry.data = { ...entry.data, oauthTokenData: structuredClone(data.oauthTokenData) };
		this.updates.push({ id: nodeCredentials.id, type, data: structuredClone(entry.data) });
	}
}

/** Settings → On Error of the node under test. */
export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface RunNodeOptions {
	/** The node's parameters, as a workflow file holds them. */
	parameters: Record<string, unknown>;
	credentialId: string;
	/** Input items as plain JSON objects. */
	items: object[];
	/** Shorthand for onError 'continueRegularOutput'. */
	continueOnFail?: boolean;
	onError?: OnError;
	nodeType?: string;
	/** Cancels the execution (as n8n's Stop button does) this long after it started. */
	cancelAfterMs?: number;
}

export interface NodeRun {
	/** The node's main output. */
	items: INodeExecutionData[] | undefined;
	/** Its error output (On Error → Continue (using error output)). */
	errorItems: INodeExecutionData[] | undefined;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's serialised errors have no single type
	error: any;
	run: IRun;
}

export interface EngineSetup {
	ZoomUserToken: new () => INodeType;
	credentialClasses: Record<string, new () => ICredentialType>;
	/** More node types by type name (the bench's baselines). */
	extraNodeTypes?: Record<string, INodeType>;
}

export function createEngine({
	ZoomUserToken,
	credentialClasses,
	extraNodeTypes = {},
}: EngineSetup) {
	const nodeTypes = new NodeTypes({ [ZOOM_NODE_TYPE]: new ZoomUserToken(), ...extraNodeTypes });
	const credentialTypes = Object.fromEntries(
		Object.values(credentialClasses).map((CredentialClass) => {
			const instance = new CredentialClass();
			return [instance.name, instance];
		}),
	);
	/** The engine's "database" of credentials: id → {type, data}. */
	const store: Record<string, StoredCredential> = {};
	const expressionWorkflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new MemoryCredentialsHelper(credentialTypes, store, expressionWorkflow);

	// What n8n's CLI puts here; the parts this node never reaches (sub-workflows, task runners,
	// external secrets) fail loudly instead of being half-built.
	const unused = (what: string) => () => {
		throw new Error(`${what} is not part of these tests`);
	};
	const additionalData = (
		workflowData: IWorkflowBase,
		executionId: string,
	): IWorkflowExecuteAdditionalData => {
		const data: Omit<IWorkflowExecuteAdditionalData, 'externalSecretsProxy'> = {
			credentialsHelper,
			hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
			executeWorkflow: unused('a sub-workflow'),
			startRunnerTask: unused('a task runner'),
			logAiEvent: () => {},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			formBaseUrl: 'http://localhost:5678/formBaseUrl',
			formWaitingBaseUrl: 'http://localhost:5678/formWaitingBaseUrl',
			formTestBaseUrl: 'http://localhost:5678/formTestBaseUrl',
			webhookBaseUrl: 'http://localhost:5678/webhookBaseUrl',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhookWaitingBaseUrl',
			webhookTestBaseUrl: 'http://localhost:5678/webhookTestBaseUrl',
			mcpBaseUrl: 'http://localhost:5678/mcpBaseUrl',
			mcpTestBaseUrl: 'http://localhost:5678/mcpTestBaseUrl',
			variables: {},
			userId: 'test-user',
			executionId,
		};
		return {
			...data,
			externalSecretsProxy: new Proxy({}, { get: unused('external secrets') }),
		} as IWorkflowExecuteAdditionalData;
	};

	let executions = 0;

	/** A Zoom User Token node with the given parameters, using credential `credentialId`. */
	function zoomNode(
		parameters: Record<string, unknown>,
		credentialId: string,
		onError: OnError = 'stopWorkflow',
		nodeType = ZOOM_NODE_TYPE,
	): INode {
		const authentication = parameters.authentication ?? 'oAuth2';
		// The stored credential's own type (the Meeting SDK's, too); else the one Authentication names.
		const credentialType =
			store[credentialId]?.type ??
			(authentication === 'serverToServerOAuth'
				? 'zoomServerToServerOAuthApi'
				: 'zoomUserTokenOAuth2Api');
		return {
			id: 'zoom-node',
			name: 'Zoom User Token',
			type: nodeType,
			typeVersion: 1,
			position: [200, 0],
			parameters: parameters as INodeParameters,
			credentials: { [credentialType]: { id: credentialId, name: `Zoom ${credentialId}` } },
			onError,
		};
	}

	function workflowOf(node: INode) {
		const workflowData: IWorkflowBase = {
			id: 'wf-test',
			name: 'test',
			nodes: [node],
			connections: {},
			active: false,
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			isArchived: false,
			activeVersionId: null,
		};
		const workflow = new Workflow({ ...workflowData, nodeTypes, staticData: {} });
		return { workflow, workflowData };
	}

	/** Runs the node once over `items` and returns what n8n made of it. */
	async function runNode(options: RunNodeOptions): Promise<NodeRun> {
		const onError =
			options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow');
		const node = zoomNode(options.parameters, options.credentialId, onError, options.nodeType);
		const { workflow, workflowData } = workflowOf(node);
		const workflowNode = workflow.getNode(node.name)!;
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node: workflowNode,
						data: {
							main: [
								options.items.map((json, index) => ({
									json: json as IDataObject,
									pairedItem: { item: index },
								})),
							],
						},
						source: null,
					},
				],
			},
		});
		const executionId = `exec-${++executions}`;
		const execute = new WorkflowExecute(
			additionalData(workflowData, executionId),
			'manual',
			runExecutionData,
		);
		const running = execute.processRunExecutionData(workflow);
		if (options.cancelAfterMs !== undefined)
			setTimeout(() => running.cancel(), options.cancelAfterMs);
		const run = await running;
		const task = run.data.resultData.runData[node.name]?.[0];
		return {
			items: task?.data?.main?.[0] ?? undefined,
			errorItems: task?.data?.main?.[1] ?? undefined,
			error: run.data.resultData.error ?? task?.error,
			run,
		};
	}

	/** Calls the node's list search the way the editor does. */
	async function searchUsers({
		parameters,
		credentialId,
		filter,
		paginationToken,
	}: {
		parameters: Record<string, unknown>;
		credentialId: string;
		filter?: string;
		paginationToken?: string;
	}): Promise<INodeListSearchResult> {
		const node = zoomNode(parameters, credentialId);
		const { workflow, workflowData } = workflowOf(node);
		const context = new LoadOptionsContext(
			workflow,
			workflow.getNode(node.name)!,
			additionalData(workflowData, 'load-options'),
			'parameters.userId',
		);
		const zoom = nodeTypes.getByNameAndVersion(ZOOM_NODE_TYPE);
		return await zoom.methods!.listSearch!.searchUsers.call(context, filter, paginationToken);
	}

	return {
		runNode,
		searchUsers,
		store,
		credentialsHelper,
		/** Stores a credential for the node to use. */
		addCredential(id: string, type: string, data: CredentialData) {
			store[id] = { type, data: structuredClone(data) };
		},
	};
}
