/**
 * Environment parsing: defaults for `npm start`, and clear errors naming the bad variable.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('has defaults that work on one machine', () => {
    const config = loadConfig({}, '/srv/kiunga');
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', dataDir: '/srv/kiunga/data', databaseFile: path.join('/srv/kiunga/data', 'kiunga.sqlite'),
      webRoot: '/srv/kiunga/dist/web', https: false, trustProxy: false, maxBodyBytes: 1048576, fhirDevServer: true, workers: true,
    });
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
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig(env, '/srv')).toThrow(message);
  });
});
