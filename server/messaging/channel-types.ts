/**
 * The table of channel types the outbox sender can send through, by type string (channels.type).
 * Other provider adapters register themselves here.
 *
 * Example:
 *   defaultChannelTypes.register(africasTalkingChannelType);
 *   defaultChannelTypes.get('loopback').send(msg, channel);
 */
import type { ChannelType } from '../channels/types.js';
import { loopbackChannelType } from '../channels/loopback/index.js';
import { simulatorChannelType } from '../channels/simulator/index.js';

export class ChannelTypeRegistry {
  private readonly types = new Map<string, ChannelType>();

  register(type: ChannelType): void {
    this.types.set(type.type, type);
  }

  get(type: string): ChannelType {
    const found = this.types.get(type);
    if (!found) throw new Error(`unknown channel type "${type}" (known: ${[...this.types.keys()].join(', ')})`);
    return found;
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  list(): ChannelType[] {
    return [...this.types.values()];
  }
}

export const defaultChannelTypes = new ChannelTypeRegistry();
defaultChannelTypes.register(loopbackChannelType);
defaultChannelTypes.register(simulatorChannelType);
