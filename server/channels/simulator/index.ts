/**
 * The simulator channel: messages are recorded in the database (status "wired") and never leave the
 * server. Simulated sessions (sessions.simulated = 1) only ever send through it, whatever channel their
 * flow names, so testing a flow in the editor cannot text a real health worker.
 *
 * Example: a workspace's simulator channel row `{ type: "simulator", address: "simulator", schemes: '["tel"]', config: '{}' }`.
 */
import type { ChannelType } from '../types.js';

export const simulatorChannelType: ChannelType = {
  type: 'simulator',
  schemes: ['tel', 'ext', 'whatsapp', 'telegram', 'facebook', 'mailto'],
  secretConfigKeys: [],
  // Nothing leaves: "resending" only records again, so it is always safe.
  idempotentSends: true,
  async send(msg) {
    return { status: 'wired', providerId: `sim-${msg.uuid}` };
  },
};
