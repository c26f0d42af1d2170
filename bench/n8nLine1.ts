/**
 * Loaded first (`--import`) into a bench process that runs the node in n8n 1.x's engine: `n8n-core`,
 * `n8n-workflow` and their DI packages resolve to n8n-core 1.x's (as the jest project "n8n 1.x" maps
 * them in jest.config.js).
 */
import Module from 'node:module';
import path from 'node:path';

const core = path.join(__dirname, '..', 'node_modules', 'n8n-core-v1');
const MAPPED: Record<string, string> = {
	'n8n-core': core,
	'n8n-workflow': path.join(core, 'node_modules', 'n8n-workflow'),
	'@n8n/di': path.join(core, 'node_modules', '@n8n', 'di'),
	'@n8n/backend-common': path.join(core, 'node_modules', '@n8n', 'backend-common'),
};

// n8n 1.x's default expression engine needs isolated-vm, which no Node 20 install has built.
process.env.N8N_EXPRESSION_ENGINE = 'legacy';

type Resolve = (request: string, ...rest: unknown[]) => string;
const internals = Module as unknown as { _resolveFilename: Resolve };
const resolve = internals._resolveFilename;
internals._resolveFilename = function (this: unknown, request, ...rest) {
	return resolve.call(this, MAPPED[request] ?? request, ...rest);
};
