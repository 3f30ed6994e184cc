/** The flows library behind the templates gallery: list templates, load one, create a flow from one. */
export { DEFAULT_LIBRARY_DIR, listTemplates, loadTemplate, type LoadedTemplate, type TemplateNeed, type TemplateSummary } from './catalog.js';
export { createFlowFromTemplate, type CreatedFromTemplate, type NewFlowFromTemplate } from './create-from-template.js';
export { withFreshUuids } from './fresh-uuids.js';
export { LibraryError, type LibraryErrorCode } from './library-error.js';
export { parseManifest, type LibraryManifest } from './manifest.js';
