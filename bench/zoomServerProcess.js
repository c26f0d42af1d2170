'use strict';
// The suite's Zoom-compatible server in a process of its own, so the bench measures the node's
// CPU and memory, not the server's. Parent ↔ child over IPC: options in, URL and stats out.
const { startZoomServer } = require('../test/support/zoomServer');

process.once('message', async (options) => {
	const server = await startZoomServer(options);
	process.on('message', async (message) => {
		if (message === 'stats') {
			const api = server.apiRequests();
			process.send({ stats: server.stats, apiRequests: api.length, tokenRequests: server.tokenRequests().length });
		} else if (message === 'close') {
			await server.close();
			process.exit(0);
		}
	});
	process.send({ url: server.url, apiBaseUrl: server.apiBaseUrl, oauthBaseUrl: server.oauthBaseUrl, state: { oauthApp: server.state.oauthApp, currentRefreshToken: server.state.currentRefreshToken } });
});
