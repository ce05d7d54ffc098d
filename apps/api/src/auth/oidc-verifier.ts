import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import { DomainError, ErrorCode } from '@app/common';
import { APP_CONFIG, AppConfig, OidcConfig } from '@app/config';

/** Why a bearer token was refused: the text of the 401 and of `WWW-Authenticate: … error_description`. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** Who a verified token names: the organisation's slug and the user's subject in it. */
export interface TokenIdentity {
  organisationSlug: string;
  subject: string;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * Verifies OpenID Connect access tokens: the signature against the issuer's JWKS (fetched over
 * HTTP, cached, fetched again for an unknown `kid`, i.e. after a key rotation), `iss`, `aud`,
 * `exp` and `nbf` (with a small clock tolerance) and the algorithm against an allow-list of
 * asymmetric algorithms. The JWKS location is configured or read from the issuer's discovery
 * document on first use.
 */
@Injectable()
export class OidcVerifier {
  private readonly logger = new Logger(OidcVerifier.name);
  private keySet?: Promise<KeySet>;

  constructor(@Inject(APP_CONFIG) private readonly appConfig: AppConfig) {}

  private get config(): OidcConfig {
    if (!this.appConfig.oidc) throw new Error('OidcVerifier used without OIDC configuration (AUTH_MODE=oidc)');
    return this.appConfig.oidc;
  }

  async verify(token: string): Promise<TokenIdentity> {
    const { issuer, audience, algorithms, clockToleranceSeconds, organisationClaim } = this.config;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.keys(), { issuer, audience, algorithms: [...algorithms], clockTolerance: clockToleranceSeconds, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      throw this.refusal(error);
    }
    const organisationSlug = payload[organisationClaim];
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new InvalidTokenError('the token names no subject (sub)');
    if (typeof organisationSlug !== 'string' || organisationSlug === '') throw new InvalidTokenError(`the token names no organisation (claim "${organisationClaim}")`);
    return { organisationSlug, subject: payload.sub };
  }

  /** The issuer's key set, located once (a failed discovery is retried on the next request). */
  private keys(): Promise<KeySet> {
    if (!this.keySet) {
      this.keySet = this.locateJwks().then(
        (uri) => createRemoteJWKSet(new URL(uri), { cooldownDuration: this.config.jwksCooldownMs, timeoutDuration: DISCOVERY_TIMEOUT_MS }),
        (error: unknown) => {
          this.keySet = undefined;
          throw error;
        },
      );
    }
    return this.keySet;
  }

  private async locateJwks(): Promise<string> {
    const { issuer, jwksUri } = this.config;
    if (jwksUri) return jwksUri;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      document = (await res.json()) as typeof document;
    } catch (error) {
      this.logger.error({ err: error, url }, 'OpenID Connect discovery failed');
      throw unavailable();
    }
    if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
      this.logger.error({ url, issuer: document.issuer }, 'OpenID Connect discovery document names another issuer or no jwks_uri');
      throw unavailable();
    }
    return document.jwks_uri;
  }

  /** A token problem is the caller's (401); an unreachable issuer is ours (503). */
  private refusal(error: unknown): Error {
    if (error instanceof DomainError) return error;
    if (error instanceof joseErrors.JWTExpired) return new InvalidTokenError('the token has expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'nbf') return new InvalidTokenError('the token is not valid yet');
      return new InvalidTokenError(`the token's "${error.claim}" claim is not accepted`);
    }
    if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || isFetchFailure(error)) {
      // not the caller's fault: the JWKS could not be fetched or read
      this.logger.error({ err: error }, "the issuer's JWKS could not be fetched or read");
      return unavailable();
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) return new InvalidTokenError('the token is signed with an algorithm that is not accepted');
    if (error instanceof joseErrors.JWKSNoMatchingKey) return new InvalidTokenError('the token is signed with an unknown key');
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new InvalidTokenError('the token signature is invalid');
    if (error instanceof joseErrors.JOSEError) return new InvalidTokenError('the token is malformed or not acceptable');
    return new InvalidTokenError('the token is malformed');
  }
}

/**
 * fetch's own failure (a TypeError; compared by name, as it may come from another realm) or
 * jose's report of a JWKS response that is not 200 or not JSON.
 */
function isFetchFailure(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === 'TypeError') return true;
  return error instanceof joseErrors.JOSEError && /^(Expected 200 OK from the JSON Web Key Set|Failed to parse the JSON Web Key Set)/.test(error.message);
}

function unavailable(): DomainError {
  return new DomainError(ErrorCode.Unavailable, 'the identity provider cannot be reached; try again later');
}
