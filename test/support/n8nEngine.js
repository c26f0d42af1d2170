'use strict';
/**
 * Runs workflows through n8n-core's own engine (WorkflowExecute) in this process — real parameter
 * defaults, real expression evaluation, n8n's real request helpers and OAuth2 refresh — with an
 * in-memory credential store in place of n8n's database. n8n's own NodeTestHarness is not published,
 * so this is the small equivalent this project needs; its credentials helper mirrors what n8n's CLI
 * CredentialsHelper does (defaults and `$self` expressions, generic authenticate, preAuthentication
 * with the expirable property, OAuth token storage).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-zoom-user-token-'));
}

const { Logger } = require('@n8n/backend-common');
const { Container } = require('@n8n/di');
const { ExecutionLifecycleHooks, WorkflowExecute, LoadOptionsContext } = require('n8n-core');
const { ICredentialsHelper, LoggerProxy, Workflow, createRunExecutionData, isExpression } = require('n8n-workflow');

/**
 * Everything n8n logs during the tests, kept here instead of printed: n8n's logger writes straight to
 * stdout (past jest's console capture), so every failure a test provokes on purpose would scroll by
 * as an error line. Tests read it (the secrets sweep searches it).
 */
/** @type {string[]} */
const n8nLog = [];
const captureLogger = {
	scoped: () => captureLogger,
};
for (const level of ['error', 'warn', 'info', 'debug']) {
	captureLogger[level] = (message, meta) => n8nLog.push(`${level}: ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
}
Container.set(Logger, captureLogger);
LoggerProxy.init(captureLogger);

const ZOOM_NODE_TYPE = 'n8n-nodes-zoom-user-token.zoomUserToken';

class NodeTypes {
	constructor(nodes) {
		this.nodes = nodes;
	}
	getByName(type) {
		return this.nodes[type];
	}
	getByNameAndVersion(type) {
		return this.nodes[type];
	}
	getKnownTypes() {
		return Object.fromEntries(Object.keys(this.nodes).map((type) => [type, { className: type, sourcePath: '' }]));
	}
}

/** In-memory credentials: `store[id] = {type, data}`; `log` records every update n8n makes. */
class MemoryCredentialsHelper extends ICredentialsHelper {
	constructor(credentialTypes, store, expressionWorkflow) {
		super();
		this.credentialTypes = credentialTypes;
		this.store = store;
		this.expressionWorkflow = expressionWorkflow;
		this.updates = [];
	}

	type(name) {
		const credentialType = this.credentialTypes[name];
		if (!credentialType) throw new Error(`Unknown credential type ${name}`);
		return credentialType;
	}

	getParentTypes(name) {
		return this.type(name).extends ?? [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	getCredentialsProperties(name) {
		return this.type(name).properties;
	}

	async getCredentials(nodeCredentials) {
		const entry = this.store[nodeCredentials.id];
		return { id: nodeCredentials.id, name: nodeCredentials.name, getData: async () => structuredClone(entry.data) };
	}

	async getDecrypted(additionalData, nodeCredentials, type) {
		const entry = this.store[nodeCredentials.id];
		if (!entry || entry.type !== type) throw new Error(`Credential ${nodeCredentials.id} of type ${type} not found`);
		const data = structuredClone(entry.data);
		// Defaults of the credential's own properties, then its expressions with $self = its data, as n8n does.
		for (const property of this.type(type).properties) {
			if (data[property.name] === undefined) data[property.name] = property.default;
		}
		const mockNode = { name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
		const resolved = this.expressionWorkflow.expression.getComplexParameterValue(mockNode, data, 'internal', {}, undefined, undefined, data);
		return resolved;
	}

	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type === 'generic') {
			for (const [outerKey, values] of Object.entries(authenticate.properties)) {
				requestOptions[outerKey] = requestOptions[outerKey] ?? {};
				for (const [key, value] of Object.entries(values)) {
					requestOptions[outerKey][key] = isExpression(value)
						? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''))
						: value;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials[typeName];
		await this.updateCredentials(nodeCredentials, typeName, { ...this.store[nodeCredentials.id].data, ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.type(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		return await credentialType.preAuthentication.call(helpers, credentials);
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.updates.push({ id: nodeCredentials.id, type, data: structuredClone(data) });
		this.store[nodeCredentials.id] = { type, data: structuredClone(data) };
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const entry = this.store[nodeCredentials.id];
		entry.data = { ...entry.data, oauthTokenData: structuredClone(data.oauthTokenData) };
		this.updates.push({ id: nodeCredentials.id, type, data: structuredClone(entry.data) });
	}
}

/**
 * @param {object} setup
 * @param {Function} setup.ZoomUserToken the node class (from the TypeScript source or from dist/)
 * @param {Record<string, Function>} setup.credentialClasses credential classes by type name
 * @param {Record<string, object>} [setup.extraNodeTypes] more node types by type name (the bench's baselines)
 */
function createEngine({ ZoomUserToken, credentialClasses, extraNodeTypes = {} }) {
	const nodeTypes = new NodeTypes({ [ZOOM_NODE_TYPE]: new ZoomUserToken(), ...extraNodeTypes });
	const credentialTypes = Object.fromEntries(
		Object.values(credentialClasses).map((CredentialClass) => {
			const instance = new CredentialClass();
			return [instance.name, instance];
		}),
	);
	/** @type {Record<string, {type: string, data: Record<string, any>}>} id → {type, data}: the engine's "database" of credentials. */
	const store = {};
	const expressionWorkflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new MemoryCredentialsHelper(credentialTypes, store, expressionWorkflow);

	const additionalData = (workflowData, executionId) => ({
		credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not part of these tests');
		},
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
	});

	let executions = 0;

	/** A Zoom User Token node with the given parameters, using credential `credentialId`. */
	function zoomNode(parameters, credentialId, options = {}, nodeType = ZOOM_NODE_TYPE) {
		const authentication = parameters.authentication ?? 'oAuth2';
		const credentialType = authentication === 'serverToServerOAuth' ? 'zoomServerToServerOAuthApi' : 'zoomUserTokenOAuth2Api';
		return {
			id: 'zoom-node',
			name: 'Zoom User Token',
			type: nodeType,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { [credentialType]: { id: credentialId, name: `Zoom ${credentialId}` } },
			...(options.continueOnFail && { onError: 'continueRegularOutput' }),
		};
	}

	function workflowOf(node) {
		const workflowData = { id: 'wf-test', name: 'test', nodes: [node], connections: {}, active: false, settings: {} };
		const workflow = new Workflow({ ...workflowData, nodeTypes, staticData: {} });
		return { workflow, workflowData };
	}

	/**
	 * Runs the node once over `items` (plain JSON objects) and returns what n8n made of it.
	 * @returns {Promise<{items: Array<{json: Record<string, any>, pairedItem: object}> | undefined, error: any, run: any}>}
	 */
	async function runNode({ parameters, credentialId, items, continueOnFail = false, nodeType = ZOOM_NODE_TYPE }) {
		const node = zoomNode(parameters, credentialId, { continueOnFail }, nodeType);
		const { workflow, workflowData } = workflowOf(node);
		const workflowNode = workflow.getNode(node.name);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node: workflowNode,
						data: { main: [items.map((json, index) => ({ json, pairedItem: { item: index } }))] },
						source: null,
					},
				],
			},
		});
		const executionId = `exec-${++executions}`;
		const execute = new WorkflowExecute(additionalData(workflowData, executionId), 'manual', runExecutionData);
		const run = await execute.processRunExecutionData(workflow);
		const task = run.data.resultData.runData[node.name]?.[0];
		return {
			items: task?.data?.main?.[0],
			error: run.data.resultData.error ?? task?.error,
			run,
		};
	}

	/** Calls the node's list search the way the editor does. */
	async function searchUsers({ parameters, credentialId, filter, paginationToken }) {
		const node = zoomNode(parameters, credentialId);
		const { workflow, workflowData } = workflowOf(node);
		const context = new LoadOptionsContext(workflow, workflow.getNode(node.name), additionalData(workflowData, 'load-options'), 'parameters.userId');
		return await nodeTypes.getByName(ZOOM_NODE_TYPE).methods.listSearch.searchUsers.call(context, filter, paginationToken);
	}

	return {
		runNode,
		searchUsers,
		store,
		credentialsHelper,
		/** Stores a credential for the node to use. */
		addCredential(id, type, data) {
			store[id] = { type, data: structuredClone(data) };
		},
	};
}

module.exports = { createEngine, ZOOM_NODE_TYPE, n8nLog };
