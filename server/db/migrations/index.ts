/**
 * The static list of migrations, in order. Kysely's FileMigrationProvider reads a folder at run time, which
 * breaks under bundlers and tsx path quirks; a static map is explicit and type-checked.
 * To add one: create `NNNN_description.ts` exporting `up` (and `down`), then add it here. Never edit a
 * migration that has shipped: databases in the field have already run it.
 *
 * Example: `{ '0001_initial': initial, '0002_add_contact_notes': addContactNotes }`.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.js';
import * as fhirSync from './0002_fhir_sync.js';
import * as nlp from './0003_nlp.js';
import * as fhirWriteback from './0004_fhir_writeback.js';
import * as channels from './0005_channels.js';
import * as fhirWatchers from './0006_fhir_watchers.js';
import * as inbox from './0007_inbox.js';
import * as courses from './0008_courses.js';
import * as jobs from './0009_jobs.js';
import * as nlpSettings from './0010_nlp.js';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_fhir_sync': fhirSync,
  '0003_nlp': nlp,
  '0004_fhir_writeback': fhirWriteback,
  '0005_channels': channels,
  '0006_fhir_watchers': fhirWatchers,
  '0007_inbox': inbox,
  '0008_courses': courses,
  '0009_jobs': jobs,
  '0010_nlp': nlpSettings,
};

/** A MigrationProvider over the static list above. */
export const staticMigrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
