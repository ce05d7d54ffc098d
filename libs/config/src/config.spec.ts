import { ConfigError, loadConfig } from '@app/config';

const valid = {
  DATABASE_URL: 'postgres://fw:secret@localhost:5432/foerderwerk',
  TEMPORAL_ADDRESS: 'localhost:7233',
};
const oidc = { OIDC_ISSUER: 'https://login.example.org/realms/fw', OIDC_AUDIENCE: 'foerderwerk-api' };

describe('loadConfig', () => {
  it('reads a valid environment with defaults', () => {
    const config = loadConfig(valid);
    expect(config.databaseUrl).toBe(valid.DATABASE_URL);
    expect(config.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'foerderwerk', maxCachedWorkflows: 500 });
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
  });

  it('names every bad or missing variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x@y/z', PORT: 'eighty', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('DATABASE_URL must be a postgres:// URL');
    expect(problems).toContain('TEMPORAL_ADDRESS is required');
    expect(problems).toContain('PORT must be an integer');
    expect(problems).toContain('NODE_ENV must be one of');
  });

  it('rejects a Temporal address without a port', () => {
    expect(() => loadConfig({ ...valid, TEMPORAL_ADDRESS: 'temporal.example' })).toThrow('TEMPORAL_ADDRESS must be host:port');
  });

  it('never allows the development login in production', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', AUTH_MODE: 'development' })).toThrow(
      'AUTH_MODE=development is not allowed with NODE_ENV=production',
    );
    // Production defaults to OpenID Connect, which needs its issuer and audience.
    expect(loadConfig({ ...valid, NODE_ENV: 'production', ...oidc }).authMode).toBe('oidc');
    expect(loadConfig(valid).authMode).toBe('development');
  });

  describe('OpenID Connect', () => {
    it('reads issuer, audience and defaults', () => {
      const config = loadConfig({ ...valid, NODE_ENV: 'production', ...oidc });
      expect(config.oidc).toEqual({
        issuer: 'https://login.example.org/realms/fw',
        audience: 'foerderwerk-api',
        organisationClaim: 'organisation',
        algorithms: ['RS256', 'ES256'],
        clockToleranceSeconds: 30,
        jwksCooldownMs: 30_000,
      });
      expect(loadConfig(valid).oidc).toBeUndefined();
      expect(loadConfig({ ...valid, ...oidc, AUTH_MODE: 'oidc', OIDC_JWKS_URI: 'https://login.example.org/certs', OIDC_ALGORITHMS: 'ES256', OIDC_ORGANISATION_CLAIM: 'org' }).oidc).toMatchObject({
        jwksUri: 'https://login.example.org/certs',
        algorithms: ['ES256'],
        organisationClaim: 'org',
      });
    });

    it('names every missing or bad OIDC variable', () => {
      let error: unknown;
      try {
        loadConfig({ ...valid, NODE_ENV: 'production', OIDC_JWKS_URI: 'http://keys.example.org/jwks', OIDC_ALGORITHMS: 'RS256,HS256,none', OIDC_CLOCK_TOLERANCE_SECONDS: '-1' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual([
        'OIDC_ISSUER is required with AUTH_MODE=oidc but not set',
        'OIDC_AUDIENCE is required with AUTH_MODE=oidc but not set',
        'OIDC_JWKS_URI must be an https:// URL (http:// only on loopback outside production); got "http://keys.example.org/jwks"',
        expect.stringMatching(/^OIDC_ALGORITHMS must be a comma-separated list of .*; got "HS256, none"$/),
        'OIDC_CLOCK_TOLERANCE_SECONDS must be an integer between 0 and 300; got "-1"',
      ]);
      expect(() => loadConfig({ ...valid, AUTH_MODE: 'oidc', OIDC_ISSUER: 'not a url', OIDC_AUDIENCE: 'x' })).toThrow('OIDC_ISSUER is not a valid URL; got "not a url"');
    });

    it('allows an http issuer on loopback for local runs and tests, never in production', () => {
      const local = { ...valid, AUTH_MODE: 'oidc', OIDC_ISSUER: 'http://127.0.0.1:8080/realms/fw', OIDC_AUDIENCE: 'fw' };
      expect(loadConfig(local).oidc?.issuer).toBe('http://127.0.0.1:8080/realms/fw');
      expect(() => loadConfig({ ...local, NODE_ENV: 'production' })).toThrow('OIDC_ISSUER must be an https:// URL');
    });
  });

  it('reads the rate limit: off in tests by default, on otherwise', () => {
    expect(loadConfig({ ...valid, NODE_ENV: 'test' }).rateLimitPerMinute).toBe(0);
    expect(loadConfig(valid).rateLimitPerMinute).toBe(600);
    expect(loadConfig({ ...valid, RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute).toBe(5);
    expect(() => loadConfig({ ...valid, RATE_LIMIT_PER_MINUTE: 'viel' })).toThrow('RATE_LIMIT_PER_MINUTE must be an integer');
  });

  it('bounds the workflow cache of the worker: 500 unless told, an integer from 0', () => {
    expect(loadConfig(valid).temporal.maxCachedWorkflows).toBe(500);
    expect(loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '0' }).temporal.maxCachedWorkflows).toBe(0);
    expect(loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '2000' }).temporal.maxCachedWorkflows).toBe(2000);
    expect(() => loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow('WORKER_MAX_CACHED_WORKFLOWS must be an integer');
    expect(() => loadConfig({ ...valid, WORKER_MAX_CACHED_WORKFLOWS: 'alle' })).toThrow('WORKER_MAX_CACHED_WORKFLOWS must be an integer');
  });
});
