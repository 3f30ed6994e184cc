/** RapidPro export files: import into Kiunga and export back. */
export { importRapidProExport, type ImportOptions, type ImportResult } from './import.js';
export { exportRapidPro, rapidProCompatibility, isKiungaAction, EXPORT_VERSION, KIUNGA_ACTION_PREFIX, type ExportOptions } from './export.js';
export type { RapidProExport, Campaign, CampaignEvent, ExportTrigger, ExportField, ExportGroup } from './types.js';
