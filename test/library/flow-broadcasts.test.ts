/**
 * send_broadcast from a live flow (server/messaging/flow-broadcasts.ts, used by the surveillance alert): the
 * broadcast row is written with the sprint and sent to the contacts its query selects, in their language;
 * a query the server cannot read is refused without failing the sprint; the simulator writes none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlowStart, processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { all } from '../../server/messaging/sql.js';
import { simulateStart } from '../../server/messaging/simulator.js';
import { writeFlowBroadcast } from '../../server/messaging/flow-broadcasts.js';
import { seedFlow } from '../messaging/seed.js';
import { fixedUuid } from '../messaging/flows.js';
import { createScenario, type Scenario } from './scenario.js';

const u = (n: number) => fixedUuid(n, 8);

function broadcastFlow(query: string): Record<string, unknown> {
  return {
    uuid: u(1), name: 'Notify officers', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 60,
    localization: { fra: { [u(11)]: { text: ['Alerte de @contact.name'] } } },
    nodes: [{
      uuid: u(10),
      actions: [
        { uuid: u(11), type: 'send_broadcast', text: 'Alert from @contact.name', contact_query: query },
        { uuid: u(12), type: 'send_msg', text: 'Done' },
      ],
      exits: [{ uuid: u(13), destination_uuid: null }],
    }],
  };
}

let s: Scenario;
beforeAll(async () => {
  s = await createScenario('important-update');
});
afterAll(async () => {
  await s.close();
});

describe('send_broadcast in live flows', () => {
  it('refuses a query the server cannot read, and the flow goes on', async () => {
    const refused = await writeFlowBroadcast(s.env.db, s.env.workspaceId, { type: 'broadcast_created', created_on: '', translations: { eng: { text: 'x' } }, base_language: 'eng', contact_query: 'district is Kilifi' } as never, new Date().toISOString());
    expect(refused).toEqual({ refused: 'send_broadcast from a flow: query clause "district is Kilifi" is not "attribute op value" (op is =, !=, ~, > or <)' });
    const flowId = await seedFlow(s.env.db, s.env.workspaceId, { ...broadcastFlow('district is Kilifi'), uuid: u(2) });
    const reporter = await s.addContact({ name: 'Asha', language: 'eng' });
    const startId = await createFlowStart(s.env.db, { workspaceId: s.env.workspaceId, flowId, targets: { contacts: [reporter.uuid] } });
    await processFlowStartBatch(s.env.rt, startId);
    await s.deliver();
    expect(await s.texts(reporter)).toEqual(['Done']);
    expect(await all(s.env.db, 'SELECT id FROM broadcasts')).toEqual([]);
  });

  it('writes nothing from the simulator', async () => {
    const flowId = await seedFlow(s.env.db, s.env.workspaceId, broadcastFlow('cadre ~ "officer"'), { publish: false });
    const answer = await simulateStart(s.env.rt, { workspaceId: s.env.workspaceId, flowId, contact: { name: 'Sim', language: 'eng' } });
    expect(answer.messages.map((m) => m.text)).toEqual(['Done']);
    expect(await all(s.env.db, 'SELECT id FROM broadcasts')).toEqual([]);
  });
});
