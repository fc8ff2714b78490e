/**
 * Text a server sends back (MostQi's error messages, a proxy's page) may echo what it was sent:
 * the client key, a token, an Authorization header. Such text goes into messages that n8n shows
 * and saves, so every secret is cut out of it first.
 */

const REDACTED = '[redacted]';

/** A JWT: three base64url parts, the first two JSON objects ("eyJ" is base64 of '{"'). */
const JWT = /eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
/** The value of a bearer authorization, whatever its form. */
const BEARER = /(Bearer\s+)[^\s"',;]+/gi;

/** `text` without the given secrets, JWTs and bearer values. */
export function redactSecrets(text: string, secrets: ReadonlyArray<unknown> = []): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.trim().length >= 4) out = out.split(secret.trim()).join(REDACTED);
	}
	return out.replace(JWT, REDACTED).replace(BEARER, `$1${REDACTED}`);
}
