'use strict';
// One measurement in a fresh process: the node (or a baseline) over N items through n8n-core's
// WorkflowExecute, against the Zoom server whose URLs arrive on stdin. Prints one JSON line.
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const { ZoomUserToken } = require(path.join(dist, 'nodes/ZoomUserToken/ZoomUserToken.node.js'));
const { ZoomUserTokenOAuth2Api } = require(path.join(dist, 'credentials/ZoomUserTokenOAuth2Api.credentials.js'));
const { ZoomServerToServerOAuthApi } = require(path.join(dist, 'credentials/ZoomServerToServerOAuthApi.credentials.js'));
const { createEngine } = require('../test/support/n8nEngine');
const baselineNodes = require('./baselineNodes');

async function main() {
	const { server, variant, itemCount, options } = JSON.parse(process.argv[2]);
	const engine = createEngine({
		ZoomUserToken,
		credentialClasses: { ZoomUserTokenOAuth2Api, ZoomServerToServerOAuthApi },
		extraNodeTypes: baselineNodes,
	});
	// A credential last used yesterday: its access token has expired and the first request refreshes it.
	engine.addCredential('oauth', 'zoomUserTokenOAuth2Api', {
		environment: 'custom',
		apiBaseUrl: server.apiBaseUrl,
		oauthBaseUrl: server.oauthBaseUrl,
		clientId: server.state.oauthApp.clientId,
		clientSecret: server.state.oauthApp.clientSecret,
		oauthTokenData: { access_token: 'expired', refresh_token: server.state.currentRefreshToken, token_type: 'bearer', expires_in: 3599 },
	});
	const items = Array.from({ length: itemCount }, (_, index) => ({ id: `u-${index}` }));
	const run = {
		node: () =>
			engine.runNode({
				parameters: { resource: 'user', operation: 'getToken', userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, tokenType: 'zak', options },
				credentialId: 'oauth',
				items,
				continueOnFail: true,
			}),
		oneAtATime: () => engine.runNode({ parameters: { apiBaseUrl: server.apiBaseUrl }, credentialId: 'oauth', items, nodeType: 'bench.oneAtATime' }),
		allAtOnce: () => engine.runNode({ parameters: { apiBaseUrl: server.apiBaseUrl }, credentialId: 'oauth', items, nodeType: 'bench.allAtOnce' }),
	}[variant];

	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	}, 10);
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const { items: output, error } = await run();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);

	const failed = output ? output.filter((item) => typeof item.json.token !== 'string').length : itemCount;
	process.stdout.write(
		`${JSON.stringify({
			wallMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			heapPeakDeltaBytes: heapPeak - heapBefore,
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
			outputItems: output?.length ?? 0,
			failed,
			error: error?.message,
			sampleError: output?.find((item) => item.json.error)?.json.error,
		})}\n`,
	);
	process.exit(0);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
