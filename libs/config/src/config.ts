import * as path from 'node:path';

/** Typed, validated configuration: read from the environment in this one place. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly databaseUrl: string;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
    /**
     * Workflows the worker keeps in memory between their tasks (its sticky cache). A workflow
     * that waits for months costs nothing in the worker once evicted: its next task (a timer, an
     * update, a query) replays it from its history. Bounded so that the worker's memory does not
     * grow with the number of running workflows.
     */
    readonly maxCachedWorkflows: number;
  };
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `development`: the caller names its user in the `X-Dev-User` header (`<organisation-slug>/<subject>`),
   * for local runs and tests only; refused when NODE_ENV=production. `oidc`: bearer tokens.
   */
  readonly authMode: 'development' | 'oidc';
  /** OpenID Connect (`AUTH_MODE=oidc`); undefined in development mode. */
  readonly oidc?: OidcConfig;
  /** Interface the api listens on. */
  readonly host: string;
  /** Requests per minute and caller (user, else IP address); 0 switches the limit off. */
  readonly rateLimitPerMinute: number;
}

/**
 * Bearer tokens from one OpenID Connect issuer. A token names its user by `sub` (= app_user.subject)
 * and the organisation by the claim `organisationClaim` (= organisation.slug); roles come from
 * app_user in PostgreSQL, where the organisation's admin manages them.
 */
export interface OidcConfig {
  /** `iss` of every accepted token, e.g. https://login.landkreis-peine.de/realms/foerderwerk */
  readonly issuer: string;
  /** `aud` every accepted token must contain. */
  readonly audience: string;
  /** Where the signing keys are; undefined: `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  /** The claim that holds the organisation's slug. */
  readonly organisationClaim: string;
  /** Signature algorithms accepted (never `none`, never HMAC with a shared secret). */
  readonly algorithms: readonly string[];
  /** Tolerated clock difference for exp/nbf/iat, in seconds. */
  readonly clockToleranceSeconds: number;
  /** After a JWKS fetch, no new fetch for this long, even for an unknown `kid` (milliseconds). */
  readonly jwksCooldownMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const AUTH_MODES = ['development', 'oidc'] as const;
/** Asymmetric signatures only: a shared-secret (HS*) or unsigned (`none`) token is never accepted. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/**
 * Reads and validates the configuration. All problems are collected and reported together,
 * each naming its variable, so a bad start-up needs one round of fixing, not several.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}; got "${raw}"`);
    return fallback;
  };

  /** An integer variable from `min` to `max` (`minLabel` says what `min` means), else `fallback` (unset, or wrong: then noted). */
  const integer = (name: string, min: number, max: number, fallback: number, invalid: number, minLabel = ''): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be an integer between ${min}${minLabel ? ` (${minLabel})` : ''} and ${max}; got "${raw}"`);
    return invalid;
  };

  const required = (name: string): string => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      problems.push(`${name} is required but not set`);
      return '';
    }
    return raw.trim();
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');

  const databaseUrl = required('DATABASE_URL');
  if (databaseUrl) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must be a postgres:// URL; got protocol "${url.protocol}"`);
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)');
    }
  }

  const address = required('TEMPORAL_ADDRESS');
  if (address && !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(address)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port; got "${address}"`);
  }

  const namespace = env.TEMPORAL_NAMESPACE?.trim() || 'default';
  const taskQueue = env.TEMPORAL_TASK_QUEUE?.trim() || 'foerderwerk';

  const maxCachedWorkflows = integer('WORKER_MAX_CACHED_WORKFLOWS', 0, 100_000, 500, 500, 'no cache');

  const port = integer('PORT', 0, 65535, 3000, 3000);

  const dataDir = path.resolve(env.FOERDERWERK_DATA_DIR?.trim() || '.data');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');

  const authMode = oneOf('AUTH_MODE', AUTH_MODES, nodeEnv === 'production' ? 'oidc' : 'development');
  if (authMode === 'development' && nodeEnv === 'production') {
    problems.push('AUTH_MODE=development is not allowed with NODE_ENV=production');
  }
  const oidc = authMode === 'oidc' ? readOidc(env, problems, nodeEnv) : undefined;
  const host = env.HOST?.trim() || '127.0.0.1';

  const rateLimitPerMinute = integer('RATE_LIMIT_PER_MINUTE', 0, 1_000_000, nodeEnv === 'test' ? 0 : 600, 0, 'off');

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv,
    databaseUrl,
    temporal: Object.freeze({ address, namespace, taskQueue, maxCachedWorkflows }),
    port,
    dataDir,
    logLevel,
    authMode,
    oidc,
    host,
    rateLimitPerMinute,
  });
}

function readOidc(env: Env, problems: string[], nodeEnv: AppConfig['nodeEnv']): OidcConfig | undefined {
  const count = problems.length;
  const url = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      problems.push(`${name} is not a valid URL; got "${value}"`);
      return undefined;
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback && nodeEnv !== 'production')) {
      problems.push(`${name} must be an https:// URL (http:// only on loopback outside production); got "${value}"`);
    }
    return value.trim(); // exactly as given: `iss` is compared character by character
  };
  const issuer = url('OIDC_ISSUER', env.OIDC_ISSUER);
  if (issuer === undefined && !env.OIDC_ISSUER?.trim()) problems.push('OIDC_ISSUER is required with AUTH_MODE=oidc but not set');
  const audience = env.OIDC_AUDIENCE?.trim();
  if (!audience) problems.push('OIDC_AUDIENCE is required with AUTH_MODE=oidc but not set');
  const jwksUri = url('OIDC_JWKS_URI', env.OIDC_JWKS_URI);
  const organisationClaim = env.OIDC_ORGANISATION_CLAIM?.trim() || 'organisation';
  if (!/^[A-Za-z_][A-Za-z0-9_.:/-]{0,199}$/.test(organisationClaim)) {
    problems.push(`OIDC_ORGANISATION_CLAIM must be a claim name; got "${organisationClaim}"`);
  }
  const algorithms = (env.OIDC_ALGORITHMS?.trim() || 'RS256,ES256').split(',').map((a) => a.trim());
  const unknown = algorithms.filter((a) => !(OIDC_ALGORITHMS as readonly string[]).includes(a));
  if (unknown.length > 0) problems.push(`OIDC_ALGORITHMS must be a comma-separated list of ${OIDC_ALGORITHMS.join(', ')}; got "${unknown.join(', ')}"`);
  let clockToleranceSeconds = 30;
  if (env.OIDC_CLOCK_TOLERANCE_SECONDS !== undefined && env.OIDC_CLOCK_TOLERANCE_SECONDS !== '') {
    clockToleranceSeconds = Number(env.OIDC_CLOCK_TOLERANCE_SECONDS);
    if (!Number.isInteger(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > 300) {
      problems.push(`OIDC_CLOCK_TOLERANCE_SECONDS must be an integer between 0 and 300; got "${env.OIDC_CLOCK_TOLERANCE_SECONDS}"`);
    }
  }
  if (problems.length > count) return undefined;
  return Object.freeze({
    issuer: issuer!,
    audience: audience!,
    ...(jwksUri ? { jwksUri } : {}),
    organisationClaim,
    algorithms: Object.freeze(algorithms),
    clockToleranceSeconds,
    jwksCooldownMs: 30_000,
  });
}
