/**
 * The messaging loop's side of per-flow FHIR write-back (`_kiunga.fhir_writeback`, see
 * server/fhir/writeback/README.md): after a live sprint is committed, every run that ended in it is
 * written back through the workspace's durable queue. A write-back never fails the sprint: errors are
 * logged, and what was queued stays in `fhir_writeback_queue` for the retry worker
 * (server/jobs/fhir-writeback-loop.ts).
 *
 * Example:
 *   await rt.commits.submit((trx) => applySprint(trx, { ... }));
 *   await writeBackAfterSprint(rt.fhirFor(workspaceId), prepared, rt.logger);   // what rt.writeBack does
 */
import { readFlow } from '../../runtime/definition/index.js';
import type { Flow } from '../../runtime/definition/types.js';
import type { FhirEffects } from '../fhir/effects.js';
import { writeBackEndedRuns } from '../fhir/writeback/run-writeback.js';
import type { WorkspaceAssets } from './assets.js';
import type { Logger } from './logger.js';
import type { PreparedSprint } from './runtime.js';

/** Flows read (migrated to the current spec) per asset snapshot; snapshots are immutable and replaced on reload. */
const readFlows = new WeakMap<WorkspaceAssets, Map<string, Flow | null>>();

/** The flow `uuid` of these assets as readFlow returns it, or null when it is missing or unreadable. */
export function flowOfAssets(assets: WorkspaceAssets, uuid: string): Flow | null {
  let byUuid = readFlows.get(assets);
  if (!byUuid) {
    byUuid = new Map();
    readFlows.set(assets, byUuid);
  }
  if (!byUuid.has(uuid)) {
    const definition = (assets.session.flows as { uuid?: string }[]).find((f) => f.uuid === uuid);
    byUuid.set(uuid, definition ? readFlow(definition).flow : null);
  }
  return byUuid.get(uuid) ?? null;
}

/**
 * Writes back the runs that ended in `prepared`'s sprint. Resolves in every case; returns how many runs
 * had a write-back configuration (0 when nothing ended or no flow asks for it).
 */
export async function writeBackAfterSprint(effects: FhirEffects, prepared: PreparedSprint, logger: Logger): Promise<number> {
  const events = prepared.sprint.events as unknown as { type: string; [field: string]: unknown }[];
  if (!events.some((e) => e.type === 'run_ended')) return 0;
  const context = { workspaceId: prepared.contact.workspace_id, contactId: prepared.contact.id, sessionUuid: prepared.sprint.session.uuid };
  try {
    const reports = await writeBackEndedRuns({ effects, events, session: prepared.sprint.session, findFlow: (uuid) => flowOfAssets(prepared.assets, uuid) });
    for (const report of reports) {
      const outcomes = [...(report.questionnaireResponse ? [report.questionnaireResponse] : []), ...report.observations];
      for (const outcome of outcomes) {
        if (outcome.status === 'written') continue;
        // queued: the retry worker sends it later; failed: refused by the server, kept for requeueWrite.
        logger.warn(`FHIR write-back ${outcome.status}`, { ...context, queueId: outcome.queueId, resourceType: outcome.resourceType, error: outcome.error });
      }
      if (report.skipped.length) logger.info('FHIR write-back skipped results', { ...context, skipped: report.skipped });
    }
    return reports.length;
  } catch (err) {
    // E.g. no FHIR connection in the workspace, or an invalid `_kiunga.fhir_writeback`: nothing could be queued.
    logger.error('FHIR write-back failed after a sprint', { ...context, error: String((err as Error).message ?? err) });
    return 0;
  }
}
