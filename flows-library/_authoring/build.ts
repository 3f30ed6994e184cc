/**
 * Writes flows-library/<id>/flow.json and manifest.json from the authored entries.
 * Run after editing a flow: `npx tsx flows-library/_authoring/build.ts` (test/library checks the files match).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFlow } from './builder.js';
import type { LibraryEntrySpec } from './entry.js';
import { LIBRARY_ENTRIES } from './index.js';

export const LIBRARY_DIR = path.resolve(import.meta.dirname, '..');

/** The two files of one entry, as text (2-space JSON, final newline); `order` is its place in the gallery. */
export function entryFiles(entry: LibraryEntrySpec, order: number): { flow: string; manifest: string } {
  const flow = buildFlow(entry.flow);
  const manifest = { id: entry.flow.id, ...entry.manifest, languages: ['eng', 'fra'], flow_uuid: entry.flow.uuid, order };
  return { flow: `${JSON.stringify(flow, null, 2)}\n`, manifest: `${JSON.stringify(manifest, null, 2)}\n` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [index, entry] of LIBRARY_ENTRIES.entries()) {
    const dir = path.join(LIBRARY_DIR, entry.flow.id);
    fs.mkdirSync(dir, { recursive: true });
    const files = entryFiles(entry, index + 1);
    fs.writeFileSync(path.join(dir, 'flow.json'), files.flow);
    fs.writeFileSync(path.join(dir, 'manifest.json'), files.manifest);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/`);
  }
}
