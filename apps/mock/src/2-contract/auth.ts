/**
 * The mock's token contract. Plain Prism only checks that a bearer header is present; these
 * prefixes let tests provoke every auth failure Partnero can answer.
 */
export type AuthDecision =
  | { ok: true; token: string }
  | { ok: false; status: 401 | 403; challenge?: string; message: string };

const REALM = 'Bearer realm="partnero"';

export function checkAuthorization(header: string | null | undefined): AuthDecision {
  const token = bearerToken(header);
  if (token === undefined) {
    return { ok: false, status: 401, challenge: REALM, message: 'Unauthenticated.' };
  }
  if (token.startsWith('invalid_') || token.startsWith('expired_')) {
    return {
      ok: false,
      status: 401,
      challenge: `${REALM}, error="invalid_token"`,
      message: token.startsWith('expired_') ? 'The API key has expired.' : 'The API key is invalid.',
    };
  }
  if (token.startsWith('forbidden_')) {
    return { ok: false, status: 403, message: 'This action is unauthorized.' };
  }
  return { ok: true, token };
}

/** The token of a request, whatever the contract decides: internal routes scope their answers by it. */
export function bearerToken(header: string | null | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
}
