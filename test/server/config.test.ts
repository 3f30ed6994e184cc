/**
 * Environment parsing: defaults for `npm start`, and clear errors naming the bad variable.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('has defaults that work on one machine', () => {
    const config = loadConfig({}, '/srv/kiunga');
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', dataDir: '/srv/kiunga/data', databaseFile: path.join('/srv/kiunga/data', 'kiunga.sqlite'),
      webRoot: '/srv/kiunga/dist/web', https: false, trustProxy: false, maxBodyBytes: 1048576, fhirDevServer: true, workers: true,
    });
    expect(config.database).toEqual({ file: path.join('/srv/kiunga/data', 'kiunga.sqlite') });
  });

  it('opens PostgreSQL when DATABASE_URL is set, with the pool settings', () => {
    const url = 'postgres://kiunga:s%40cret@db.moh.example:5432/kiunga';
    expect(loadConfig({ DATABASE_URL: url }, '/srv').database).toEqual({ url, pool: { max: 10 } });
    expect(loadConfig({ DATABASE_URL: ` ${url} `, DATABASE_POOL_MAX: '25', DATABASE_STATEMENT_TIMEOUT_MS: '30000' }, '/srv').database)
      .toEqual({ url, pool: { max: 25, statementTimeoutMs: 30000 } });
    // An empty DATABASE_URL (a blank line in an env file) means the SQLite file.
    expect(loadConfig({ DATABASE_URL: '  ', DATABASE_FILE: 'moh.sqlite' }, '/srv').database).toEqual({ file: '/srv/data/moh.sqlite' });
  });

  it('reads overrides; https PUBLIC_URL turns on Secure cookies', () => {
    const config = loadConfig({ PORT: '9000', HOST: '0.0.0.0', DATA_DIR: '/var/lib/kiunga', DATABASE_FILE: 'moh.sqlite', PUBLIC_URL: 'https://kiunga.moh.example', FHIR_DEV_SERVER: '0', WORKERS: 'false', TRUST_PROXY: 'yes' }, '/srv');
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', databaseFile: '/var/lib/kiunga/moh.sqlite', https: true, fhirDevServer: false, workers: false, trustProxy: true });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [{ WORKERS: 'maybe' }, /WORKERS must be 1 or 0/],
    [{ PUBLIC_URL: 'kiunga.example' }, /PUBLIC_URL must start with http/],
    [{ MAX_BODY_BYTES: '10' }, /MAX_BODY_BYTES/],
    [{ DATABASE_URL: 'mysql://db/kiunga' }, /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    [{ DATABASE_URL: 'postgres://kiunga:pw@db:port/kiunga' }, /DATABASE_URL is not a valid URL/],
    [{ DATABASE_URL: 'postgres://db/kiunga', DATABASE_POOL_MAX: '0' }, /DATABASE_POOL_MAX must be a whole number from 1 to 1000/],
    [{ DATABASE_URL: 'postgres://db/kiunga', DATABASE_STATEMENT_TIMEOUT_MS: 'soon' }, /DATABASE_STATEMENT_TIMEOUT_MS must be a whole number/],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env, '/srv')).toThrow(message);
  });

  it('reports a bad database setting as a ConfigError without the password', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://kiunga:hunter2@db/kiunga' }, '/srv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('hunter2');
  });
});
