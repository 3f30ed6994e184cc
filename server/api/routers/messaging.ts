/**
 * The messaging API, mounted as `messaging`: the simulator, broadcasts, flow starts, the message
 * folders and channels. Each part lives in ./messaging/.
 *
 * Example: `await trpc.messaging.broadcasts.list.query({ limit: 20 })`.
 */
import { router } from '../trpc.js';
import { broadcastsRouter } from './messaging/broadcasts.js';
import { channelsRouter } from './messaging/channels.js';
import { messagesRouter } from './messaging/messages.js';
import { simulatorRouter } from './messaging/simulator.js';
import { startsRouter } from './messaging/starts.js';

export const messagingRouter = router({
  simulator: simulatorRouter,
  broadcasts: broadcastsRouter,
  starts: startsRouter,
  messages: messagesRouter,
  channels: channelsRouter,
});
