/** Flow inspection: dependencies, results, locals, issues, and every template / localizable text. */
export { inspectFlow, GOFLOW_ISSUE_TYPES, type FlowInspection, type InspectOptions } from './inspect.js';
export { extractTemplates, extractLocalizables, templateTexts, type FlowText } from './templates.js';
export { flowDependencies, templateReferences, type Dependency } from './dependencies.js';
export { flowResults, flowLocals, type ResultSpec } from './results.js';
export { loopsWithoutWait } from './graph.js';
export type { InspectionIssue } from './issues.js';
