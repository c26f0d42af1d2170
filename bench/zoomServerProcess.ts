// The suite's Zoom-compatible server in a process of its own, so the bench measures the node's
// CPU and memory, not the server's. Parent ↔ child over IPC: options in, URL and stats out.
import type { ZoomServerOptions } from '../test/support/zoomServer';
import { startZoomServer } from '../test/support/zoomServer';

export type ServerProcessOptions = ZoomServerOptions & { userCount?: number };

process.once('message', async ({ userCount, ...options }: ServerProcessOptions) => {
	// The bench's users are u-0 … u-(N-1), all in the account.
	const users = Array.from({ length: userCount ?? 0 }, (_, index) => ({
		id: `u-${index}`,
		email: `user${index}@example.com`,
		first_name: 'User',
		last_name: String(index),
	}));
	const server = await startZoomServer({ ...options, users });
	process.on('message', async (message) => {
		if (message === 'stats') {
			const api = server.apiRequests();
			process.send!({
				stats: server.stats,
				apiRequests: api.length,
				// When each API request reached the server and how it was answered: per-run counts, the chart.
				timeline: api.map((request) => [request.at, request.status ?? 0]),
				tokenRequests: server.tokenRequests().length,
			});
		} else if (message === 'close') {
			await server.close();
			process.exit(0);
		}
	});
	process.send!({
		url: server.url,
		apiBaseUrl: server.apiBaseUrl,
		oauthBaseUrl: server.oauthBaseUrl,
		state: {
			oauthApp: server.state.oauthApp,
			currentRefreshToken: server.state.currentRefreshToken,
		},
		// Another n8n process's worth of credential: an access token already refreshed, as a queue-mode
		// worker finds it in the shared database (separate bench processes share no credential store).
		accessToken: server.issueAccessToken('oauth'),
	});
});
