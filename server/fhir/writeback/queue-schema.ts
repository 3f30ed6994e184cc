import type { Kysely } from 'kysely';
import type { Database, IsoTime, JsonText } from '../../db/schema.js';

/** pending: to be sent (again) at next_attempt_at; written: the server took it; failed: refused or out of attempts. */
export type WritebackStatus = 'pending' | 'written' | 'failed';

/**
 * One resource Kiunga writes to a FHIR server (migration 0004_fhir_writeback).
 *
 * Example: `{ resource_type: 'QuestionnaireResponse', status: 'pending', attempts: 2, next_attempt_at: '2026-11-25T16:04:00.000Z',
 *   last_error: 'POST QuestionnaireResponse on http://… failed: network error: connect ECONNREFUSED …', result_id: null,
 *   if_none_exist: 'identifier=urn:ietf:rfc:3986|urn:uuid:0196…', source: 'run:0196…' }`.
 */
export interface FhirWritebackQueueTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  resource_type: string;
  resource: JsonText;
  /** Search that finds the resource if an earlier attempt did reach the server (sent as If-None-Exist). */
  if_none_exist: string | null;
  /** What produced it, e.g. "run:<run uuid>" or "action:<action uuid>". */
  source: string | null;
  status: WritebackStatus;
  attempts: number;
  next_attempt_at: IsoTime | null;
  last_error: string | null;
  /** The id the FHIR server gave the resource. */
  result_id: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  written_at: IsoTime | null;
}

/** The core database plus the write-back queue. */
export interface WritebackDatabase extends Database {
  fhir_writeback_queue: FhirWritebackQueueTable;
}

/** A plain `Kysely<Database>` widened to see the queue table (created by migration 0004). */
export function asWritebackDb(db: Kysely<Database>): Kysely<WritebackDatabase> {
  return db as unknown as Kysely<WritebackDatabase>;
}
