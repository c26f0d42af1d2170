// One n8n process of a measurement: the node (or a baseline) through n8n-core's WorkflowExecute,
// against the Zoom server whose URLs arrive over IPC. It loads, says "ready", waits for "go" (so that
// several processes start together, as queue-mode workers do), then runs `runs` times, one after the
// other, `executions` executions at once each, and sends back what it measured.
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
		accessToken: string;
	};
	variant:
		'node' | 'oneAtATime' | 'allAtOnce' | 'fixedBatch' | 'fixedBatchTuned' | 'fixedBatchFreshToken';
	/** Items per execution. */
	itemCount: number;
	options: Record<string, unknown>;
	/** Executions running at once in this process (default 1), each with its own users. */
	executions?: number;
	/** Runs one after the other in this process (default 1). */
	runs?: number;
	/** Pause between those runs, as between two runs of a schedule or two webhook calls. */
	pauseBetweenRunsMs?: number;
	/** This process's users start at u-<firstUser> (several processes share one server). */
	firstUser?: number;
	/** Start with a valid access token: no refresh in the run. */
	freshToken?: boolean;
}

export interface RunResult {
	startedAt: number;
	endedAt: number;
	failed: number;
	error?: string;
}

export interface ProcessResult {
	runs: RunResult[];
	cpuMs: number;
	heapPeakDeltaBytes: number;
	maxRssBytes: number;
	sampleError?: string;
}

async function measure(measurement: Measurement): Promise<ProcessResult> {
	const { server, variant, itemCount, options } = measurement;
	const engine = createEngine({
		ZoomUserToken,
		credentialClasses: { ZoomUserTokenOAuth2Api, ZoomServerToServerOAuthApi },
		extraNodeTypes: baselineNodes,
	});
	// A credential last used yesterday: its access token has expired and the first request refreshes
	// it. Processes after the first find it refreshed by the first (Zoom rotates refresh tokens).
	const processIndex = Math.floor(
		(measurement.firstUser ?? 0) / (itemCount * (measurement.executions ?? 1)),
	);
	engine.addCredential('oauth', 'zoomUserTokenOAuth2Api', {
		environment: 'custom',
		apiBaseUrl: server.apiBaseUrl,
		oauthBaseUrl: server.oauthBaseUrl,
		clientId: server.state.oauthApp.clientId,
		clientSecret: server.state.oauthApp.clientSecret,
		oauthTokenData: {
			access_token: processIndex === 0 && !measurement.freshToken ? 'expired' : server.accessToken,
			refresh_token: server.state.currentRefreshToken,
			token_type: 'bearer',
			expires_in: 3599,
		},
	});
	const execute = (execution: number) => {
		const first = (measurement.firstUser ?? 0) + execution * itemCount;
		const items = Array.from({ length: itemCount }, (_, index) => ({ id: `u-${first + index}` }));
		if (variant === 'node') {
			return engine.runNode({
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
			});
		}
		return engine.runNode({
			parameters: { apiBaseUrl: server.apiBaseUrl, userId: '={{ $json.id }}' },
			credentialId: 'oauth',
			items,
			nodeType: `bench.${variant}`,
		});
	};

	let sampleError: string | undefined;
	const runs: RunResult[] = [];
	globalThis.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	}, 10);
	const cpuBefore = process.cpuUsage();
	for (let run = 0; run < (measurement.runs ?? 1); run++) {
		if (run > 0)
			await new Promise((resolve) => setTimeout(resolve, measurement.pauseBetweenRunsMs));
		const startedAt = Date.now();
		const results = await Promise.all(
			Array.from({ length: measurement.executions ?? 1 }, async (_, k) => await execute(k)),
		);
		const endedAt = Date.now();
		let failed = 0;
		let error: string | undefined;
		for (const { items: output, error: runError } of results) {
			failed += output
				? output.filter((item) => typeof item.json.token !== 'string').length
				: itemCount;
			error ??= runError?.message;
			sampleError ??= output?.find((item) => item.json.error)?.json.error as string | undefined;
		}
		runs.push({ startedAt, endedAt, failed, error });
	}
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	return {
		runs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		heapPeakDeltaBytes: heapPeak - heapBefore,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
		sampleError,
	};
}

process.once('message', (measurement: Measurement) => {
	process.once('message', () => {
		measure(measurement)
			.then((result) => process.send!(result, () => process.exit(0)))
			.catch((error: unknown) => {
				process.stderr.write(`${(error as Error).stack}\n`);
				process.exit(1);
			});
	});
	process.send!('ready');
});
