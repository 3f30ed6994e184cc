/**
 * Tables of the background work shared by several processes (migration 0009_jobs).
 *
 * Example row: `{ id: "0193…-outbox", started_at: "2026-11-25T18:00:00.000Z", heartbeat_at: "2026-11-25T18:05:01.000Z" }`.
 */

/** One running outbox sender (a process); its heartbeat is refreshed every second. */
export interface WorkerHeartbeatsTable {
  id: string;
  started_at: string;
  heartbeat_at: string;
}
