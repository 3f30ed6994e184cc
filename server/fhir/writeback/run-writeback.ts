/**
 * Per-flow write-back without code: when a run ends, the server calls `writeRunQuestionnaireResponse`,
 * which reads the flow's `_kiunga.fhir_writeback` config (runtime/fhir/writeback-config.ts) and writes
 * one QuestionnaireResponse for the run and one Observation per configured numeric result, through the
 * queue (FhirEffects), so nothing is lost when the FHIR server is down.
 *
 *   const report = await writeRunQuestionnaireResponse({ effects, flow, session, runUuid });
 *   // { questionnaireResponse: { status: 'written', id: '…' }, observations: [{ status: 'queued', … }], skipped: [] }
 *
 * Observations point at the QuestionnaireResponse (`derivedFrom`): by id when it was written, else by its
 * identifier (the run UUID), which stays valid once the queued response arrives.
 */
import type { Flow } from '../../../runtime/definition/types.js';
import type { SessionState } from '../../../runtime/engine/api.js';
import type { RunState } from '../../../runtime/engine/state.js';
import { buildQuestionnaireResponse } from '../../../runtime/fhir/questionnaire-response.js';
import { buildObservation } from '../../../runtime/fhir/observation.js';
import { uuidIdentifier, type FhirReference } from '../../../runtime/fhir/references.js';
import { readWritebackConfig } from '../../../runtime/fhir/writeback-config.js';
import type { FhirEffects, WriteOutcome } from '../effects.js';
import { communicationRequestForSession } from '../watch/communications.js';

export interface RunWritebackInput {
  effects: FhirEffects;
  /** The flow as readFlow returns it (current spec), holding `_kiunga.fhir_writeback`. */
  flow: Flow;
  session: SessionState;
  /** Which run of the session; default: the last run of `flow`. */
  runUuid?: string;
}

/** Example: `{ questionnaireResponse: { status: 'written', … }, observations: [], skipped: ["result 'weight' is \"heavy\", not a number"] }`. */
export interface RunWritebackReport {
  /** False when the flow has no write-back config (nothing was written). */
  configured: boolean;
  questionnaireResponse?: WriteOutcome;
  observations: WriteOutcome[];
  skipped: string[];
}

function findRun(session: SessionState, flow: Flow, runUuid?: string): RunState {
  const runs = session.runs as RunState[];
  const run = runUuid ? runs.find((r) => r.uuid === runUuid) : runs.filter((r) => r.flow.uuid === flow.uuid).at(-1);
  if (!run) throw new Error(runUuid ? `session ${session.uuid} has no run ${runUuid}` : `session ${session.uuid} has no run of flow '${flow.name}' (${flow.uuid})`);
  if (run.flow.uuid !== flow.uuid) throw new Error(`run ${run.uuid} is of flow ${run.flow.uuid}, not '${flow.name}' (${flow.uuid})`);
  return run;
}

export async function writeRunQuestionnaireResponse(input: RunWritebackInput): Promise<RunWritebackReport> {
  const config = readWritebackConfig(input.flow);
  if (!config) return { configured: false, observations: [], skipped: [] };
  const run = findRun(input.session, input.flow, input.runUuid);
  const effects = input.effects.withSource(`run:${run.uuid}`);
  const connection = config.connection ?? null;
  const report: RunWritebackReport = { configured: true, observations: [], skipped: [] };

  let derivedFrom: FhirReference | undefined;
  if (config.questionnaire_response) {
    const response = buildQuestionnaireResponse({ flow: input.flow, run, contact: input.session.contact, trigger: input.session.trigger });
    if (!response.basedOn) {
      // started by a flow start: based on its CommunicationRequest (written now if the export has not yet)
      try {
        const request = await communicationRequestForSession(effects.db, effects.workspaceId, effects, input.session.uuid);
        if (request) response.basedOn = [request as never];
      } catch (err) {
        report.skipped.push(`basedOn: the flow start's CommunicationRequest could not be found or written (${(err as Error).message})`);
      }
    }
    const outcome = await effects.submit(connection, response as unknown as Record<string, unknown>);
    report.questionnaireResponse = outcome;
    derivedFrom = outcome.status === 'written' && outcome.id
      ? { reference: `QuestionnaireResponse/${outcome.id}` }
      : { type: 'QuestionnaireResponse', identifier: uuidIdentifier(run.uuid) };
  }
  for (const observationConfig of config.observations ?? []) {
    const result = run.results[observationConfig.result];
    if (!result) {
      report.skipped.push(`result '${observationConfig.result}' was not answered in run ${run.uuid}`);
      continue;
    }
    const built = buildObservation({ runUuid: run.uuid, result, config: observationConfig, contact: input.session.contact, derivedFrom });
    if ('skipped' in built) {
      report.skipped.push(built.skipped);
      continue;
    }
    report.observations.push(await effects.submit(connection, built.observation as unknown as Record<string, unknown>));
  }
  return report;
}

/** What `writeBackEndedRuns` needs. Example: `{ effects, events: sprint.events, session: sprint.session, findFlow: (uuid) => flows.get(uuid) ?? null }`. */
export interface EndedRunsInput {
  effects: FhirEffects;
  /** The events of a sprint (or several): every `run_ended` among them is written back. */
  events: { type: string; [field: string]: unknown }[];
  session: SessionState;
  /** The flow of a run, as readFlow returns it; null if it is gone (its runs are skipped). */
  findFlow: (uuid: string) => Flow | null;
}

/**
 * The server's one call after applying a sprint: writes back every run that ended in it whose flow has
 * `_kiunga.fhir_writeback`. Flows without the config cost nothing (no query, no row).
 *
 *   const reports = await writeBackEndedRuns({ effects, events: sprint.events, session: sprint.session, findFlow });
 */
export async function writeBackEndedRuns(input: EndedRunsInput): Promise<RunWritebackReport[]> {
  const reports: RunWritebackReport[] = [];
  for (const event of input.events) {
    if (event.type !== 'run_ended') continue;
    const flowUuid = (event.flow as { uuid?: string } | undefined)?.uuid;
    const flow = flowUuid ? input.findFlow(flowUuid) : null;
    if (!flow || !readWritebackConfig(flow)) continue;
    reports.push(await writeRunQuestionnaireResponse({ effects: input.effects, flow, session: input.session, runUuid: String(event.run_uuid) }));
  }
  return reports;
}
