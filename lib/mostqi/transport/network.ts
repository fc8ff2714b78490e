import { ERROR_CODES } from '../errorCodes';
import type { MostQiFailure } from '../failure';
import { failureCarriedBy } from '../failure';
import { isRecord } from './envelope';
import { CANCELLED } from './retry';

/** Plain words for socket error codes (n8n replaces a message that shows a raw code). */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	EHOSTUNREACH: 'host unreachable',
	EPIPE: 'connection closed',
	ECONNABORTED: 'connection aborted',
	ETIMEDOUT: 'connection timed out',
};

export function describeNetworkCode(code: string | undefined): string {
	return (code && NETWORK_WORDS[code]) ?? 'network error';
}

/** No answer within the node's Timeout. */
export function timedOut(timeoutMs: number): MostQiFailure {
	return {
		message: `MostQi did not answer within ${timeoutMs} ms`,
		description:
			'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
		errorCode: ERROR_CODES.TIMEOUT,
	};
}

/**
 * What went wrong when no answer came back. n8n wraps the HTTP client's error in a NodeApiError
 * that keeps only its messages, so the cause is read from them.
 */
export function networkFailure(error: unknown, timeoutMs: number): MostQiFailure {
	const fromCredential = failureCarriedBy(error);
	if (fromCredential) return fromCredential;
	const record = isRecord(error) ? error : {};
	const texts = [record.message, ...(Array.isArray(record.messages) ? record.messages : [])];
	const text = texts.filter((t) => typeof t === 'string').join(' | ');
	if (/timeout of \d+ms exceeded|ETIMEDOUT|ESOCKETTIMEDOUT|timed out/i.test(text))
		return timedOut(timeoutMs);
	if (/\bcancel(l)?ed\b|ERR_CANCELED|AbortError/i.test(text)) {
		return CANCELLED;
	}
	// Node says "socket hang up" (or "aborted", mid-body) when the server drops the connection.
	const code =
		/\b(E[A-Z_]{3,})\b/.exec(text)?.[1] ??
		(/socket hang up|\baborted\b/i.test(text) ? 'ECONNRESET' : undefined);
	return {
		message: `Could not reach MostQi (${describeNetworkCode(code)})`,
		description:
			'Check the Base URL in the MostQi credential and that this n8n server can reach it (firewall, proxy, DNS).',
		errorCode: ERROR_CODES.NETWORK,
	};
}
