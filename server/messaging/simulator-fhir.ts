/**
 * FHIR in the simulator: writes are recorded by `RecordingFhir` (runtime/fhir/recording-fhir.ts), never
 * sent, and reported in the answer's `effects` in the order they happened, next to the webhooks; reads
 * go to the workspace's real FHIR connection (read-only) and are reported too. A flow's per-flow
 * write-back (`_kiunga.fhir_writeback`) is recorded the same way when a simulated run ends, so authors see
 * the QuestionnaireResponse and Observations a live run would write.
 *
 * Example:
 *   const effects: SimulatedEffect[] = [];
 *   const fhir = new SimulatorFhir(effects, liveServices.fhir);
 *   await rt.startSprint({ ..., services: { ...liveServices, fhir } });
 *   await fhir.recordWriteBack(prepared);
 *   effects   // [{ type: 'fhir_write', connection: null, resourceType: 'QuestionnaireResponse', id: 'sim-1', resource: { … } }]
 */
import type { Fhir } from '../../runtime/services.js';
import type { RunState } from '../../runtime/engine/state.js';
import { RecordingFhir } from '../../runtime/fhir/recording-fhir.js';
import { buildObservation } from '../../runtime/fhir/observation.js';
import { buildQuestionnaireResponse } from '../../runtime/fhir/questionnaire-response.js';
import { uuidIdentifier, type FhirReference } from '../../runtime/fhir/references.js';
import { readWritebackConfig } from '../../runtime/fhir/writeback-config.js';
import { flowOfAssets } from './fhir-writeback.js';
import type { PreparedSprint } from './runtime.js';

/** A recorded side effect of a simulation. Example: `{ type: "fhir_write", resource: { resourceType: "Observation", … }, id: "sim-1" }`. */
export interface SimulatedEffect {
  type: 'webhook' | 'fhir_write' | 'fhir_read' | 'fhir_writeback';
  [detail: string]: unknown;
}

export class SimulatorFhir implements Fhir {
  private readonly recorder: RecordingFhir;

  constructor(private readonly effects: SimulatedEffect[], live?: Fhir) {
    this.recorder = new RecordingFhir(live ? (connection, query) => live.read(connection, query) : undefined);
  }

  async read(connection: string | null, query: string): Promise<unknown> {
    try {
      const result = await this.recorder.read(connection, query);
      this.effects.push({ type: 'fhir_read', connection, query });
      return result;
    } catch (err) {
      this.effects.push({ type: 'fhir_read', connection, query, error: String((err as Error).message ?? err) });
      throw err;
    }
  }

  async write(connection: string | null, resource: Record<string, unknown>): Promise<{ id: string; resourceType: string }> {
    const written = await this.recorder.write(connection, resource);
    this.effects.push({ type: 'fhir_write', connection, resourceType: written.resourceType, id: written.id, resource: this.recorder.writes.at(-1)!.resource });
    return written;
  }

  /**
   * Records what the live write-back would write for the runs that ended in this sprint (flows with
   * `_kiunga.fhir_writeback`). A bad config is reported as a `fhir_writeback` effect with the error.
   */
  async recordWriteBack(prepared: PreparedSprint): Promise<void> {
    for (const event of prepared.sprint.events as unknown as { type: string; flow?: { uuid?: string }; run_uuid?: string }[]) {
      if (event.type !== 'run_ended' || !event.flow?.uuid) continue;
      const flow = flowOfAssets(prepared.assets, event.flow.uuid);
      if (!flow) continue;
      try {
        const config = readWritebackConfig(flow);
        if (!config) continue;
        const run = (prepared.sprint.session.runs as RunState[]).find((r) => r.uuid === event.run_uuid);
        if (!run) continue;
        const connection = config.connection ?? null;
        const session = prepared.sprint.session;
        let derivedFrom: FhirReference | undefined;
        if (config.questionnaire_response) {
          const response = buildQuestionnaireResponse({ flow, run, contact: session.contact, trigger: session.trigger });
          const { id } = await this.write(connection, response as unknown as Record<string, unknown>);
          derivedFrom = id ? { reference: `QuestionnaireResponse/${id}` } : { type: 'QuestionnaireResponse', identifier: uuidIdentifier(run.uuid) };
        }
        for (const observation of config.observations ?? []) {
          const result = run.results[observation.result];
          const built = result ? buildObservation({ runUuid: run.uuid, result, config: observation, contact: session.contact, derivedFrom }) : null;
          if (built && 'observation' in built) await this.write(connection, built.observation as unknown as Record<string, unknown>);
          else this.effects.push({ type: 'fhir_writeback', flow: flow.name, skipped: built ? built.skipped : `result '${observation.result}' was not answered` });
        }
      } catch (err) {
        this.effects.push({ type: 'fhir_writeback', flow: flow.name, error: String((err as Error).message ?? err) });
      }
    }
  }
}
