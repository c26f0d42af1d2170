// One measurement in a fresh process: the node (or a baseline) over N items through n8n-core's
// WorkflowExecute, against the Zoom server whose URLs arrive on stdin. Prints one JSON line.
// The node and credentials are the built ones (dist/), as n8n loads them.
import { ZoomServerToServerOAuthApi } from '../dist/credentials/ZoomServerToServerOAuthApi.credentials';
import { ZoomUserTokenOAuth2Api } from '../dist/credentials/ZoomUserTokenOAuth2Api.credentials';
import { ZoomUserToken } from '../dist/nodes/ZoomUserToken/ZoomUserToken.node';
import { createEngine } from '../test/support/n8nEngine';
import { baselineNodes } from './baselineNodes';

export interface Measurement {
	server: {
		apiBaseUrl: string;
		oauthBaseUrl: string;
		state: { oauthApp: { clientId: string; clientSecret: string }; currentRefreshToken: string };
	};
	variant: 'node' | 'oneAtATime' | 'allAtOnce';
	itemCount: number;
	options: Record<string, unknown>;
}

async function main(): Promise<void> {
	const { server, variant, itemCount, options } = JSON.parse(process.argv[2]) as Measurement;
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
		oauthTokenData: {
			access_token: 'expired',
			refresh_token: server.state.currentRefreshToken,
			token_type: 'bearer',
			expires_in: 3599,
		},
	});
	const items = Array.from({ length: itemCount }, (_, index) => ({ id: `u-${index}` }));
	const run = {
		node: () =>
			engine.runNode({
				parameters: {
					resource: 'user',
					operation: 'getToken',
					userId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					tokenType: 'zak',
					options,
				},
				credentialId: 'oauth',
				items,
				continueOnFail: true,
			}),
		oneAtATime: () =>
			engine.runNode({
				parameters: { apiBaseUrl: server.apiBaseUrl },
				credentialId: 'oauth',
				items,
				nodeType: 'bench.oneAtATime',
			}),
		allAtOnce: () =>
			engine.runNode({
				parameters: { apiBaseUrl: server.apiBaseUrl },
				credentialId: 'oauth',
				items,
				nodeType: 'bench.allAtOnce',
			}),
	}[variant];

	globalThis.gc?.();
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

	const failed = output
		? output.filter((item) => typeof item.json.token !== 'string').length
		: itemCount;
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

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
