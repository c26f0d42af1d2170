/**
 * Zoom's own hostnames on this machine, for tests of the environment users run (Zoom, Zoom for
 * Government) rather than a Custom URL: a throw-away certificate authority, a certificate it signs for
 * Zoom's hosts (the Zoom server serves it), and a forward proxy — what `HTTPS_PROXY` names — that
 * tunnels those hosts' port 443 to that server and refuses every other host.
 *
 * n8n sends its requests through `HTTPS_PROXY` (both lines) and trusts the authority through
 * `NODE_EXTRA_CA_CERTS`, both read from its environment: nothing of n8n or the node is changed, and
 * the node's requests go to `https://api.zoom.us` and `https://zoom.us` as they would for a user. The
 * proxy records every host it was asked for, so a test can show that nothing went anywhere else.
 */
import http from 'node:http';
import net from 'node:net';

import { generate } from 'selfsigned';

/** Zoom's and Zoom for Government's API and OAuth hosts: what the certificate names. */
export const ZOOM_HOSTS = ['api.zoom.us', 'zoom.us', 'api.zoomgov.com', 'zoomgov.com'];

export interface Certificates {
	/** The authority's certificate: what NODE_EXTRA_CA_CERTS points at. */
	ca: string;
	/** The server's key and certificate, for Zoom's hosts, signed by the authority. */
	key: string;
	cert: string;
}

/** A new authority and server certificate, valid for a day, made for one run and then forgotten. */
export async function throwAwayCertificates(): Promise<Certificates> {
	const notBeforeDate = new Date(Date.now() - 60_000);
	const notAfterDate = new Date(Date.now() + 24 * 3600_000);
	const authority = await generate(
		[{ name: 'commonName', value: 'n8n-nodes-zoom-user-token throw-away test CA' }],
		{
			notBeforeDate,
			notAfterDate,
			algorithm: 'sha256',
			extensions: [
				{ name: 'basicConstraints', cA: true, critical: true },
				{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
			],
		},
	);
	const server = await generate([{ name: 'commonName', value: ZOOM_HOSTS[0] }], {
		notBeforeDate,
		notAfterDate,
		algorithm: 'sha256',
		ca: { key: authority.private, cert: authority.cert },
		extensions: [
			{ name: 'basicConstraints', cA: false, critical: true },
			{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
			{ name: 'extKeyUsage', serverAuth: true },
			{ name: 'subjectAltName', altNames: ZOOM_HOSTS.map((value) => ({ type: 2, value })) },
		],
	});
	return { ca: authority.cert, key: server.private, cert: server.cert };
}

export interface ZoomHostsProxy {
	/** For HTTPS_PROXY. */
	url: string;
	/** Every `host:port` a client asked the proxy for, in order, tunnelled or not. */
	asked: string[];
	close(): Promise<void>;
}

/**
 * A forward proxy that tunnels `CONNECT <Zoom host>:443` to the Zoom server on 127.0.0.1 and answers
 * 403 to any other host or port, and to plain-http requests (which carry their content in the clear).
 */
export async function startZoomHostsProxy(zoomServerPort: number): Promise<ZoomHostsProxy> {
	const asked: string[] = [];
	const sockets = new Set<net.Socket>();
	const proxy = http.createServer((req, res) => {
		asked.push(req.headers.host ?? req.url ?? '');
		res.writeHead(403).end('this test proxy tunnels only Zoom hosts over https\n');
	});
	proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		const target = req.url ?? '';
		asked.push(target);
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.on('error', () => client.destroy());
		const [host, port] = target.split(':');
		if (!ZOOM_HOSTS.includes(host.toLowerCase()) || port !== '443') {
			client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		const upstream = net.connect(zoomServerPort, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => {
			sockets.delete(upstream);
			client.destroy();
		});
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
		asked,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				proxy.closeAllConnections();
				proxy.close(() => resolve());
			}),
	};
}
