'use strict';
/**
 * The bench's baselines: the same request through the same n8n helper (httpRequestWithAuthentication
 * with the same credential), sent one at a time, or all at once as the HTTP Request node does by default.
 */
const { NodeConnectionTypes } = require('n8n-workflow');

function baseline(name, sendAll) {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: 1,
			description: 'benchmark baseline',
			defaults: { name },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'zoomUserTokenOAuth2Api', required: true }],
			properties: [{ displayName: 'API Base URL', name: 'apiBaseUrl', type: 'string', default: '' }],
		},
		async execute() {
			const items = this.getInputData();
			const apiBaseUrl = this.getNodeParameter('apiBaseUrl', 0);
			const get = async (item) => {
				try {
					const response = await this.helpers.httpRequestWithAuthentication.call(this, 'zoomUserTokenOAuth2Api', {
						method: 'GET',
						url: `${apiBaseUrl}/users/${encodeURIComponent(item.json.id)}/token`,
						qs: { type: 'zak' },
						json: true,
					});
					return { json: { token: response.token } };
				} catch (error) {
					return { json: { error: error.message } };
				}
			};
			const results = await sendAll(items, get);
			return [results.map((result, index) => ({ ...result, pairedItem: { item: index } }))];
		},
	};
}

module.exports = {
	'bench.oneAtATime': baseline('oneAtATime', async (items, get) => {
		const results = [];
		for (const item of items) results.push(await get(item));
		return results;
	}),
	'bench.allAtOnce': baseline('allAtOnce', async (items, get) => await Promise.all(items.map(get))),
};
