import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CryptoKey, exportJWK, generateKeyPair, JWK, JWTPayload, SignJWT } from 'jose';
import { AppConfig, loadConfig } from '@app/config';

export type SigningAlg = 'RS256' | 'ES256';

interface SigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface TokenOptions {
  /** claims to add or override (iss, aud, sub, exp, nbf, the organisation claim …) */
  claims?: JWTPayload & Record<string, unknown>;
  /** the issuer's current key (default), the one before it (published or not any more), or a key the issuer never published */
  key?: 'current' | 'previous' | SigningKey;
  /** the kid written into the header (default: the key's own) */
  kid?: string;
}

/**
 * A real OpenID Connect issuer for tests, on 127.0.0.1: serves the discovery document and the JWKS
 * over HTTP, and signs tokens (RS256 by default, ES256 on request) with keys generated at start.
 * The api fetches the JWKS like it would from Keycloak; nothing in the api is bypassed.
 */
export class OidcIssuer {
  readonly audience = 'foerderwerk-api';
  /** GET requests served, by path: how often the api fetched discovery and keys. */
  readonly requests = new Map<string, number>();
  /** the keys the JWKS publishes, newest first */
  private keys: SigningKey[] = [];
  /** every key this issuer ever signed with, newest first ('previous' = the one before the current) */
  private history: SigningKey[] = [];
  private server!: Server;
  private base = '';

  static async start(alg: SigningAlg = 'RS256'): Promise<OidcIssuer> {
    const issuer = new OidcIssuer();
    issuer.keys = [await OidcIssuer.generateKey(alg)];
    issuer.history = [...issuer.keys];
    issuer.server = createServer((req, res) => {
      const path = req.url ?? '';
      issuer.requests.set(path, (issuer.requests.get(path) ?? 0) + 1);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && path === '/realms/test/.well-known/openid-configuration') {
        return send(200, { issuer: issuer.issuer, jwks_uri: issuer.jwksUri, id_token_signing_alg_values_supported: ['RS256', 'ES256'] });
      }
      if (req.method === 'GET' && path === '/realms/test/protocol/openid-connect/certs') return send(200, { keys: issuer.keys.map((k) => k.jwk) });
      return send(404, { error: 'not found' });
    });
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    issuer.base = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}`;
    return issuer;
  }

  /** A key pair of its own (kid random): publish it with rotate(), or sign with it as a key nobody published. */
  static async generateKey(alg: SigningAlg = 'RS256'): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = randomBytes(8).toString('hex');
    return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  }

  get issuer(): string {
    return `${this.base}/realms/test`;
  }

  get jwksUri(): string {
    return `${this.base}/realms/test/protocol/openid-connect/certs`;
  }

  get jwksFetches(): number {
    return this.requests.get('/realms/test/protocol/openid-connect/certs') ?? 0;
  }

  /**
   * Key rotation: a new key becomes current and is published; the old one stays published
   * (as identity providers do for a while) unless `dropOld`.
   */
  async rotate(opts: { dropOld?: boolean; alg?: SigningAlg } = {}): Promise<void> {
    const next = await OidcIssuer.generateKey(opts.alg ?? this.keys[0].alg);
    this.keys = opts.dropOld ? [next] : [next, ...this.keys];
    this.history = [next, ...this.history];
  }

  /** A signed access token of `subject` in the organisation `organisationSlug`, valid for 5 minutes. */
  async token(organisationSlug: string, subject: string, opts: TokenOptions = {}): Promise<string> {
    const key = opts.key === undefined || opts.key === 'current' ? this.keys[0] : opts.key === 'previous' ? this.history[1] : opts.key;
    if (!key) throw new Error('OidcIssuer.token: no such key');
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: this.issuer, aud: this.audience, sub: subject, organisation: organisationSlug, iat: now, nbf: now, exp: now + 300, ...opts.claims };
    return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: opts.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  /** `{ authorization: 'Bearer …' }` for apiRequest. */
  async bearer(organisationSlug: string, subject: string, opts: TokenOptions = {}): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token(organisationSlug, subject, opts)}` };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The api's configuration for `AUTH_MODE=oidc` against this issuer, read by loadConfig from the
 * same variables as in production (the JWKS found by discovery); no cool-down between JWKS
 * fetches, so that a rotation is seen at once.
 */
export function oidcConfig(base: AppConfig, issuer: OidcIssuer, env: Record<string, string> = {}): AppConfig {
  const parsed = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: base.databaseUrl,
    TEMPORAL_ADDRESS: 'localhost:7233',
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: issuer.issuer,
    OIDC_AUDIENCE: issuer.audience,
    ...env,
  });
  return { ...base, authMode: 'oidc', oidc: { ...parsed.oidc!, jwksCooldownMs: 0 } };
}
