/**
 * A `Fhir` service for the simulator and previews: writes are recorded, not performed (each gets a
 * `sim-N` id so the flow goes on as it would), and reads go to `read` when given (e.g. the real server,
 * read-only) or fail with a clear message.
 *
 *   const fhir = new RecordingFhir();
 *   await startSession({ ..., services: { ...services, fhir } });
 *   fhir.writes   // [{ connection: null, resource: { resourceType: 'QuestionnaireResponse', … }, id: 'sim-1' }]
 */
import type { Fhir } from '../services.js';

/** One recorded write. Example: `{ connection: 'moh', resource: { resourceType: 'Flag', … }, id: 'sim-1' }`. */
export interface RecordedWrite {
  connection: string | null;
  resource: Record<string, unknown>;
  id: string;
}

export class RecordingFhir implements Fhir {
  readonly writes: RecordedWrite[] = [];

  constructor(private readonly reader?: (connection: string | null, query: string) => Promise<unknown>) {}

  async read(connection: string | null, query: string): Promise<unknown> {
    if (!this.reader) throw new Error(`the simulator has no FHIR server to read "${query}" from`);
    return this.reader(connection, query);
  }

  async write(connection: string | null, resource: Record<string, unknown>): Promise<{ id: string; resourceType: string }> {
    const id = `sim-${this.writes.length + 1}`;
    this.writes.push({ connection, resource: structuredClone(resource), id });
    return { id, resourceType: String(resource.resourceType) };
  }
}
