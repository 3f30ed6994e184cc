/**
 * Every library flow: its files match the authoring sources, its manifest is complete in English and French,
 * it loads and validates with the runtime reader (no issue at all), passes the inspector with the workspace
 * languages eng + fra (no dangling exit, no missing translation, no bad expression), every message wait has a
 * "no reply" timeout, and it round-trips a RapidPro export/import unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFlow } from '../../runtime/definition/read.js';
import type { Flow } from '../../runtime/definition/types.js';
import { inspectFlow } from '../../runtime/inspect/index.js';
import { exportRapidPro, importRapidProExport, rapidProCompatibility } from '../../runtime/rapidpro/index.js';
import { listTemplates, loadTemplate } from '../../server/library/index.js';
import { entryFiles } from '../../flows-library/_authoring/build.js';
import { LIBRARY_ENTRIES } from '../../flows-library/_authoring/index.js';
import { LIBRARY_DIR } from './scenario.js';

const EXPECTED = [
  'important-update', 'surveillance-alert', 'facility-conditions', 'rapid-survey', 'stock-report',
  'refresher-course', 'registry-validation', 'lab-results', 'appointment-reminder',
];

describe('the flows library', () => {
  it('holds the nine flows of issue #7 (a → i), built from their authoring sources', () => {
    expect(LIBRARY_ENTRIES.map((e) => e.flow.id)).toEqual(EXPECTED);
    for (const [index, entry] of LIBRARY_ENTRIES.entries()) {
      const files = entryFiles(entry, index + 1);
      // a flow edited without `npx tsx flows-library/_authoring/build.ts` fails here
      expect(fs.readFileSync(path.join(LIBRARY_DIR, entry.flow.id, 'flow.json'), 'utf8'), `${entry.flow.id}/flow.json`).toBe(files.flow);
      expect(fs.readFileSync(path.join(LIBRARY_DIR, entry.flow.id, 'manifest.json'), 'utf8'), `${entry.flow.id}/manifest.json`).toBe(files.manifest);
    }
  });

  it('lists every folder with a manifest, and only those', () => {
    const withManifest = fs.readdirSync(LIBRARY_DIR).filter((d) => fs.existsSync(path.join(LIBRARY_DIR, d, 'manifest.json'))).sort();
    const listed = listTemplates();
    expect(listed.map((t) => t.manifest.id).sort()).toEqual(withManifest);
    // the gallery shows a → i first, in the order of the issue
    expect(listed.map((t) => t.manifest.id).slice(0, EXPECTED.length)).toEqual(EXPECTED);
    expect(withManifest).toEqual(expect.arrayContaining(EXPECTED));
    expect(listed.map((t) => t.manifest.id)).not.toContain('_authoring');
    for (const t of listed) expect({ id: t.manifest.id, valid: t.valid, problem: t.problem }).toEqual({ id: t.manifest.id, valid: true, problem: null });
    for (const id of EXPECTED) expect(listed.find((t) => t.manifest.id === id)?.needs).toEqual([]);
  });

  describe.each(EXPECTED)('%s', (id) => {
    const text = fs.readFileSync(path.join(LIBRARY_DIR, id, 'flow.json'), 'utf8');
    const { manifest, flow } = loadTemplate(id);

    it('has a manifest with title and description in English and French', () => {
      expect(manifest.id).toBe(id);
      for (const key of ['title', 'description'] as const) {
        expect(manifest[key].en.length).toBeGreaterThan(5);
        expect(manifest[key].fr.length).toBeGreaterThan(5);
        expect(manifest[key].fr).not.toBe(manifest[key].en);
      }
      expect(manifest.languages).toEqual(['eng', 'fra']);
      expect(manifest.flow_uuid).toBe(flow.uuid);
    });

    it('reads with no issue and passes the inspector for eng + fra', () => {
      const read = readFlow(text);
      expect(read.issues).toEqual([]);
      expect(read.flow?.language).toBe('eng');
      const inspection = inspectFlow(read.flow!, null, { languages: ['eng', 'fra'] });
      expect(inspection.issues.map((i) => i.message)).toEqual([]);
      expect(inspection.results.length).toBeGreaterThan(0);
    });

    it('has a French translation for every localizable text', () => {
      const fra = flow.localization?.fra ?? {};
      expect(Object.keys(fra).length).toBeGreaterThan(5);
      // the inspector would flag a missing one; check the French is not just the English copied
      const msgs = flow.nodes.flatMap((n) => n.actions.filter((a) => a.type === 'send_msg'));
      const copied = msgs.filter((a) => fra[a.uuid]?.text?.[0] === a.text);
      expect(copied.map((a) => a.text)).toEqual([]);
    });

    it('gives every message wait a "no reply" timeout that leads somewhere', () => {
      const waits = flow.nodes.filter((n) => n.router?.wait);
      expect(waits.length).toBeGreaterThan(0);
      for (const node of waits) {
        const wait = node.router!.wait as { timeout?: { seconds: number; category_uuid: string } };
        expect(wait.timeout?.seconds, `node ${node.uuid}`).toBeGreaterThanOrEqual(3600);
        const category = node.router!.categories.find((c) => c.uuid === wait.timeout!.category_uuid)!;
        const exit = node.exits.find((e) => e.uuid === category.exit_uuid)!;
        expect(exit.destination_uuid, `timeout of node ${node.uuid}`).toBeTruthy();
      }
    });

    it('round-trips a RapidPro export and import unchanged', () => {
      // the contact fields the flow writes are workspace fields (as the server gathers them), exported with it
      const fields = flow.nodes.flatMap((n) => n.actions).filter((a) => a.type === 'set_contact_field')
        .map((a) => ({ ...(a.field as { key: string; name: string }), type: 'text' as const }));
      const exported = JSON.parse(JSON.stringify(exportRapidPro([flow], { flows: [], fields }))) as { version: string; flows: unknown[] };
      expect(exported.version).toBe('13');
      expect(exported.flows).toHaveLength(1);
      const imported = importRapidProExport(exported);
      expect(imported.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(imported.flows).toHaveLength(1);
      expect(imported.flows[0]).toEqual(flow);
      // Kiunga's own FHIR steps are kept and reported as unknown to RapidPro
      const kiungaSteps = flow.nodes.flatMap((n) => n.actions).filter((a) => a.type.startsWith('kiunga_')).length;
      expect(rapidProCompatibility([flow as Flow]).filter((i) => i.code === 'kiunga_extension')).toHaveLength(kiungaSteps);
    });
  });
});
