/**
 * goflow's per-action and per-router fixtures: every entry of the in-scope action types and of the
 * routers must give goflow's events (or be rejected when goflow rejects it). Entries depending on
 * features Kiunga deliberately lacks are skipped with the reason (printed by the skip list test).
 */
import { describe, expect, it } from 'vitest';
import { fixturesAvailable, runActionFixtures } from './action-fixtures.js';
import { runRouterFixtures } from './router-fixtures.js';

const IN_SCOPE = [
  'add_contact_groups', 'add_contact_urn', 'add_input_labels', 'call_classifier', 'call_resthook', 'call_webhook',
  'enter_flow', 'remove_contact_groups', 'send_broadcast', 'send_email', 'send_msg', 'set_contact_channel',
  'set_contact_field', 'set_contact_language', 'set_contact_name', 'set_contact_status', 'set_contact_timezone',
  'set_run_local', 'set_run_result', 'start_session',
];

describe.skipIf(!fixturesAvailable())('goflow action fixtures', () => {
  for (const type of IN_SCOPE) {
    it(`${type}: every entry matches goflow`, async () => {
      const results = await runActionFixtures(type);
      expect(results.length).toBeGreaterThan(0);
      const failures = results.filter((r) => r.status === 'fail').map((r) => `${r.description}: ${r.reason}`);
      expect(failures).toEqual([]);
      // skips are only for the documented missing features
      for (const r of results.filter((x) => x.status === 'skip')) expect(r.reason).toMatch(/content filter|email delivery/);
    });
  }
});

describe.skipIf(!fixturesAvailable())('goflow router fixtures', () => {
  for (const type of ['switch', 'random']) {
    it(`${type}: every entry matches goflow`, async () => {
      const results = await runRouterFixtures(type);
      expect(results.length).toBeGreaterThan(0);
      expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.description}: ${r.reason}`)).toEqual([]);
    });
  }
});
