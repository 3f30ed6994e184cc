/**
 * In-process notifications about flows, so other modules (the messaging asset cache) can react to a publish
 * without the flow store importing them.
 *
 * Example:
 *   flowEvents.onPublished(({ workspaceId }) => invalidateAssets(workspaceId));
 */

/** What a publish listener receives. */
export interface FlowPublishedEvent {
  workspaceId: string;
  flowId: string;
  revision: number;
}

type Listener = (event: FlowPublishedEvent) => void;

export class FlowEvents {
  private readonly listeners = new Set<Listener>();

  /** Subscribes; returns the unsubscribe function. */
  onPublished(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called after the publishing transaction committed. A failing listener never fails the publish. */
  emitPublished(event: FlowPublishedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('flow published listener failed:', error);
      }
    }
  }
}
