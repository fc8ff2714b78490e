/**
 * Text a server sends back (MostQi's error messages, a proxy's page) may echo what it was sent:
 * the client key, a token, an Authorization header, a pre-signed URL. Such text goes into
 * messages that n8n shows and saves, so every secret is cut out of it first.
 */

const REDACTED = '[redacted]';

/** A JWT: three base64url parts, the first two JSON objects ("eyJ" is base64 of '{"'). */
const JWT = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
/** "Bearer" and what follows it in the syntax of a bearer token (RFC 6750's b64token). */
const BEARER = /(Bearer\s+)([A-Za-z0-9\-._~+/]+=*)/gi;

/**
 * Whether the word after "Bearer" is a token value rather than a word of a sentence ("Bearer
 * token is missing"): a token holds a digit or one of - . _ ~ + / =, or is long. A token the
 * package was configured with is cut out whatever its shape (see rememberSecret).
 */
function looksLikeToken(value: string): boolean {
	return value.length >= 20 || /[0-9\-._~+/=]/.test(value);
}

/**
 * Bearer tokens the credential sent in this process, most recent last, so that one a server echoes
 * back is cut out of the failure the node reads. The node never sees the credential (n8n applies
 * it inside its request helper and hands back only the answer), and a gateway's token can have
 * any shape, so no pattern finds it: the credential's `authenticate`, the one place that holds
 * the token when the request goes out, records it here, and the answer's text is read in the same
 * process (n8n loads the credential and the node with one module cache). Only bearer tokens: the
 * client key goes to the token route alone, whose answer the credential reads itself, and
 * MostQi's own tokens are JWTs. Bounded, so tokens that rotate do not pile up.
 */
const remembered: string[] = [];
const REMEMBERED_MAX = 32;
/**
 * Shorter values are not remembered: cut out of every text of the process, "demo" or "0.91"
 * would damage paths and similarities in others' messages. A gateway token is longer.
 */
const REMEMBERED_MIN_LENGTH = 12;

export function rememberSecret(secret: unknown): void {
	if (typeof secret !== 'string' || secret.trim().length < REMEMBERED_MIN_LENGTH) return;
	const value = secret.trim();
	const at = remembered.indexOf(value);
	if (at >= 0) remembered.splice(at, 1);
	remembered.push(value);
	if (remembered.length > REMEMBERED_MAX) remembered.shift();
}

/** A URL in running text, with a scheme ("https://…") up to the next space or quote. */
const URL_WITH_SCHEME = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;
/** A host and path without a scheme ("files.example.com/a.png?X-Amz-Signature=…"), with a query or fragment. */
const BARE_URL_QUERY =
	/\b((?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:\/[^\s"'<>`?#]*)?)[?#][^\s"'<>`]*/gi;

/** The URL without user info, query and fragment: a pre-signed URL keeps its signature there. */
function bareUrl(url: string): string {
	// a sentence's closing punctuation is not part of the URL
	const [, body, tail] = /^(.*?)([.,;:!?)\]}]*)$/s.exec(url) ?? ['', url, ''];
	try {
		const parsed = new URL(body);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' && !/^[^:]+:\/\/[^/]+\//.test(body) ? '' : parsed.pathname}${tail}`;
	} catch {
		return `${body.replace(/[?#].*$/s, '').replace(/^([^:]+:\/\/)[^/@]*@/, '$1')}${tail}`;
	}
}

/** `text` with every URL in it cut down to its scheme, host and path. */
export function withoutUrlSecrets(text: string): string {
	return text.replace(URL_WITH_SCHEME, bareUrl).replace(BARE_URL_QUERY, '$1');
}

/** `text` without the given secrets, the remembered ones, JWTs, bearer values and URL secrets. */
export function redactSecrets(text: string, secrets: ReadonlyArray<unknown> = []): string {
	let out = text;
	// the longest first, so that a secret that holds another is cut whole
	const all = [...secrets, ...remembered]
		.filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= 4)
		.map((secret) => secret.trim())
		.sort((a, b) => b.length - a.length);
	for (const secret of all) out = out.split(secret).join(REDACTED);
	out = out.replace(JWT, REDACTED).replace(BEARER, (whole, prefix: string, value: string) => {
		const [, token, dots] = /^(.*?)(\.*)$/s.exec(value) ?? ['', value, ''];
		return looksLikeToken(token) ? `${prefix}${REDACTED}${dots}` : whole;
	});
	return withoutUrlSecrets(out);
}

/**
 * A whole answer (Include Full Response) without the remembered tokens: a gateway may echo its
 * token in a success too. Returned as it was when it holds none.
 */
export function withoutRememberedSecrets<T>(answer: T): T {
	const text = JSON.stringify(answer);
	// each token as it is written inside a JSON string
	const found = remembered
		.map((secret) => JSON.stringify(secret).slice(1, -1))
		.filter((secret) => text?.includes(secret));
	if (text === undefined || found.length === 0) return answer;
	let out = text;
	for (const secret of found.sort((a, b) => b.length - a.length))
		out = out.split(secret).join(REDACTED);
	return JSON.parse(out) as T;
}
