import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

// Zoom's answers, read with a size limit: n8n's request helpers would buffer an answer of any size,
// so requests ask for a stream and this reads it, stopping at MAX_ANSWER_BYTES.

/**
 * Whether this n8n hands a failed request's own error on (n8n 2.x keeps it as `cause`), so that the
 * body of an error answer can be read from its stream. n8n 1.x parses an error body itself and keeps
 * only what it parsed. Matters only for the one request the node lets n8n fail (transport/index.ts).
 */
export const STREAM_ANSWERS = (() => {
	const original = new Error('probe');
	const node = { name: '', type: '', parameters: {} } as unknown as INode;
	return new NodeApiError(node, original as unknown as JsonObject).cause === original;
})();

/** Far above any real answer: a token answer is under 1 KB, a page of 300 users about 150 KB. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

type ByteStream = AsyncIterable<Uint8Array | string> & { destroy?: () => void };

export function isStream(value: unknown): value is ByteStream {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as ByteStream)[Symbol.asyncIterator] === 'function'
	);
}

/** The whole answer as text, or an error once it passes MAX_ANSWER_BYTES. */
export async function readAnswer(answer: unknown): Promise<unknown> {
	if (!isStream(answer)) return answer;
	const decoder = new TextDecoder();
	let text = '';
	let bytes = 0;
	for await (const chunk of answer) {
		const part = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
		if (bytes > MAX_ANSWER_BYTES) {
			answer.destroy?.();
			throw Object.assign(
				new Error(
					`Zoom's answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; the node stopped reading it`,
				),
				{ code: 'E_ANSWER_TOO_LARGE' },
			);
		}
		text += part;
	}
	return text + decoder.decode();
}

/**
 * An answer from Zoom other than a success, as the transport read it: `response` has the shape
 * `readZoomFailure` reads from the HTTP client's errors. Its headers are the answer's, never the
 * request's, so no credential rides on it.
 */
export class ZoomAnswer extends Error {
	readonly response: { status: number; headers: Record<string, unknown>; data: unknown };

	/** Where the request went (no query: nothing secret), to name in the error. */
	readonly requestUrl: string;

	constructor(status: number, headers: unknown, data: unknown, requestUrl: string) {
		super(`Zoom answered with HTTP ${status}`);
		this.name = 'ZoomAnswer';
		this.response = { status, headers: { ...(headers as Record<string, unknown>) }, data };
		this.requestUrl = requestUrl;
	}
}

/** Frees the connection of an answer the node will not read. */
export function discardAnswer(answer: unknown): void {
	if (isStream(answer)) answer.destroy?.();
}

/** JSON when it is JSON (Zoom always answers JSON), else the text as it came. */
export function parseAnswer(answer: unknown): unknown {
	if (typeof answer !== 'string') return answer;
	try {
		return answer.trim() === '' ? undefined : JSON.parse(answer);
	} catch {
		return answer;
	}
}
