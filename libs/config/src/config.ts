import * as path from 'node:path';

/** Typed, validated configuration: read from the environment in this one place. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly databaseUrl: string;
  readonly temporal: {
    readonly address: string;
    readonly namespace: string;
    readonly taskQueue: string;
  };
  readonly port: number;
  readonly dataDir: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `development`: the caller names its user in the `X-Dev-User` header (`<organisation-slug>/<subject>`),
   * for local runs and tests only; refused when NODE_ENV=production. `oidc`: bearer tokens.
   */
  readonly authMode: 'development' | 'oidc';
  /** Interface the api listens on. */
  readonly host: string;
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

  let port = 3000;
  if (env.PORT !== undefined && env.PORT !== '') {
    port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      problems.push(`PORT must be an integer between 0 and 65535; got "${env.PORT}"`);
      port = 3000;
    }
  }

  const dataDir = path.resolve(env.FOERDERWERK_DATA_DIR?.trim() || '.data');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');

  const authMode = oneOf('AUTH_MODE', AUTH_MODES, nodeEnv === 'production' ? 'oidc' : 'development');
  if (authMode === 'development' && nodeEnv === 'production') {
    problems.push('AUTH_MODE=development is not allowed with NODE_ENV=production');
  }
  const host = env.HOST?.trim() || '127.0.0.1';

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv,
    databaseUrl,
    temporal: Object.freeze({ address, namespace, taskQueue }),
    port,
    dataDir,
    logLevel,
    authMode,
    host,
  });
}
