import { ConfigError, loadConfig } from '@app/config';

const valid = {
  DATABASE_URL: 'postgres://fw:secret@localhost:5432/foerderwerk',
  TEMPORAL_ADDRESS: 'localhost:7233',
};

describe('loadConfig', () => {
  it('reads a valid environment with defaults', () => {
    const config = loadConfig(valid);
    expect(config.databaseUrl).toBe(valid.DATABASE_URL);
    expect(config.temporal).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'foerderwerk' });
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
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).authMode).toBe('oidc');
    expect(loadConfig(valid).authMode).toBe('development');
  });
});
