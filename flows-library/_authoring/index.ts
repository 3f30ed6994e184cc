/**
 * Every authored library entry, in the order of the gallery (issue #7 items a → i).
 * Example: `LIBRARY_ENTRIES.map((e) => e.flow.id)` → ['important-update', …].
 */
import type { LibraryEntrySpec } from './entry.js';
import { importantUpdate } from './flows/important-update.js';
import { surveillanceAlert } from './flows/surveillance-alert.js';
import { facilityConditions } from './flows/facility-conditions.js';
import { rapidSurvey } from './flows/rapid-survey.js';
import { stockReport } from './flows/stock-report.js';
import { refresherCourse } from './flows/refresher-course.js';
import { registryValidation } from './flows/registry-validation.js';
import { labResults } from './flows/lab-results.js';
import { appointmentReminder } from './flows/appointment-reminder.js';

export const LIBRARY_ENTRIES: LibraryEntrySpec[] = [importantUpdate, surveillanceAlert, facilityConditions, rapidSurvey, stockReport, refresherCourse, registryValidation, labResults, appointmentReminder];
