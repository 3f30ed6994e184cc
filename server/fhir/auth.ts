import { z } from 'zod';

/**
 * How Kiunga authenticates to a FHIR server. Stored as JSON in `fhir_connections.auth` (a secret, never
 * returned by the API).
 *
 * Examples:
 *   `{ type: 'none' }`
 *   `{ type: 'basic', username: 'ihris', password: 's3cret' }`
 *   `{ type: 'bearer', token: 'eyJhbGciOi…' }`
 *   `{ type: 'oauth2_client_credentials', tokenUrl: 'https://auth.example.org/token', clientId: 'kiunga', clientSecret: '…', scope: 'system/*.read' }`
 */
export const fhirAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string() }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({
    type: z.literal('oauth2_client_credentials'),
    tokenUrl: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().optional(),
  }),
]);

export type FhirAuth = z.infer<typeof fhirAuthSchema>;

/** Parses stored auth JSON with a message that names the bad field. */
export function parseFhirAuth(json: string | null | undefined): FhirAuth {
  if (!json) return { type: 'none' };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('fhir_connections.auth is not valid JSON');
  }
  const parsed = fhirAuthSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`fhir_connections.auth is invalid at "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  return parsed.data;
}

/** A token from an OAuth2 token endpoint with its expiry (epoch ms). */
interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * Produces the Authorization header value for each request; caches OAuth2 client-credentials tokens until
 * 30 s before they expire, and can be told a token was rejected (401) to fetch a fresh one.
 *
 * Example: `const auth = new AuthHeaderProvider({ type: 'basic', username: 'u', password: 'p' }, 10_000);
 *           await auth.header() // "Basic dTpw"`
 */
export class AuthHeaderProvider {
  private cached?: CachedToken;

  constructor(
    private readonly auth: FhirAuth,
    private readonly timeoutMs: number,
  ) {}

  /** True when a 401 may be cured by fetching a new token. */
  get refreshable(): boolean {
    return this.auth.type === 'oauth2_client_credentials';
  }

  invalidate(): void {
    this.cached = undefined;
  }

  async header(): Promise<string | undefined> {
    switch (this.auth.type) {
      case 'none':
        return undefined;
      case 'basic':
        return `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
      case 'bearer':
        return `Bearer ${this.auth.token}`;
      case 'oauth2_client_credentials':
        if (!this.cached || Date.now() >= this.cached.expiresAt) this.cached = await this.fetchToken(this.auth);
        return `Bearer ${this.cached.accessToken}`;
    }
  }

  private async fetchToken(auth: Extract<FhirAuth, { type: 'oauth2_client_credentials' }>): Promise<CachedToken> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    // RFC 6749 §2.3.1: client_secret_basic is the method every server must support.
    const basic = Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
        body: form.toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new Error(`OAuth2 token request to ${auth.tokenUrl} failed: ${(err as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`OAuth2 token request to ${auth.tokenUrl} returned HTTP ${response.status}: ${text.slice(0, 200)}`);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`OAuth2 token endpoint ${auth.tokenUrl} did not return JSON`);
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new Error(`OAuth2 token endpoint ${auth.tokenUrl} returned no access_token`);
    }
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    return { accessToken: body.access_token, expiresAt: Date.now() + Math.max(0, lifetimeS - 30) * 1000 };
  }
}
