/**
 * The example workflows users import: one that answers a webhook with a token, start link or
 * signature must authenticate its caller, or anyone who reaches n8n gets them for any user.
 */
import fs from 'node:fs';
import path from 'node:path';

const EXAMPLES = path.join(__dirname, '..', 'examples');

interface ExampleNode {
	name: string;
	type: string;
	parameters: { authentication?: string };
	credentials?: Record<string, unknown>;
}

/** Webhook authentication → the credential type n8n's Webhook node asks for with it. */
const CALLER_CREDENTIAL: Record<string, string> = {
	headerAuth: 'httpHeaderAuth',
	basicAuth: 'httpBasicAuth',
	jwtAuth: 'jwtAuth',
};

const examples = fs
	.readdirSync(EXAMPLES)
	.filter((file) => file.endsWith('.json'))
	.map((file) => ({
		file,
		nodes: (
			JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) as { nodes: ExampleNode[] }
		).nodes,
	}));

const webhookExamples = examples.filter(({ nodes }) =>
	nodes.some((node) => node.type === 'n8n-nodes-base.webhook'),
);

describe('example workflows', () => {
	it('include webhook examples that answer with what the Zoom node returns', () => {
		expect(webhookExamples.map(({ file }) => file).sort()).toEqual([
			'webhook-host-start-link.json',
			'webhook-meeting-bot-join-kit.json',
			'webhook-revoke-sso-token.json',
		]);
		for (const { nodes } of webhookExamples) {
			expect(nodes.some((node) => node.type.endsWith('.zoomUserToken'))).toBe(true);
			expect(nodes.some((node) => node.type === 'n8n-nodes-base.respondToWebhook')).toBe(true);
		}
	});

	it.each(webhookExamples.map(({ file, nodes }) => [file, nodes] as const))(
		'%s authenticates the webhook caller with a credential',
		(_file, nodes) => {
			for (const webhook of nodes.filter((node) => node.type === 'n8n-nodes-base.webhook')) {
				const authentication = webhook.parameters.authentication ?? 'none';
				expect(Object.keys(CALLER_CREDENTIAL)).toContain(authentication);
				expect(Object.keys(webhook.credentials ?? {})).toEqual([CALLER_CREDENTIAL[authentication]]);
			}
		},
	);
});
