/**
 * Pure: one lab result (DiagnosticReport + its Observations + Patient) → the `results[]` entry of the
 * results-delivery flow's trigger params, and several of them → the params of one message
 * (contract in docs/HELPERS-SESSION2.md):
 *
 *   { kind: 'lab_results', facility: { id: 'Location/F01', name: 'CSI Bonamoussadi' }, count: 2,
 *     results: [{ patient_name: 'Odile Fotso', patient_id: '10234K', test: 'HIV viral load', value: '<50 copies/mL',
 *                 interpretation: 'suppressed', date: '2026-11-20', report: 'DiagnosticReport/7f…' }, …],
 *     summary: 'O.F.: HIV VL <50 copies/mL (suppressed); …' }
 */
import type { CodeableConcept, DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';

/** One result in the trigger params. */
export interface LabResultParam {
  patient_name: string;
  patient_id: string;
  test: string;
  value: string;
  interpretation: string;
  date: string;
  report: string;
}

/** The trigger params of one results message. */
export interface LabResultsParams {
  kind: 'lab_results';
  facility: { id: string; name: string };
  count: number;
  results: LabResultParam[];
  summary: string;
}

/** Tests health workers know by a short name: LOINC code → [name, abbreviation]. */
const KNOWN_TESTS: Record<string, [string, string]> = {
  '20447-9': ['HIV viral load', 'HIV VL'],
  '25836-8': ['HIV viral load', 'HIV VL'],
  '44871-2': ['HIV early infant diagnosis (DNA PCR)', 'EID'],
  '22748-8': ['ALT', 'ALT'],
  '24467-3': ['CD4 count', 'CD4'],
};
const VIRAL_LOAD_CODES = new Set(['20447-9', '25836-8']);
/** WHO: a viral load under 1000 copies/mL is suppressed. */
const VL_SUPPRESSION_THRESHOLD = 1000;

const INTERPRETATIONS: Record<string, string> = {
  N: 'normal', H: 'high', HH: 'critically high', L: 'low', LL: 'critically low', A: 'abnormal', AA: 'critically abnormal',
  POS: 'positive', NEG: 'negative', DET: 'detected', ND: 'not detected', IND: 'indeterminate',
};

function loincOf(code: CodeableConcept | undefined): string | undefined {
  return code?.coding?.find((c) => c.system === 'http://loinc.org')?.code;
}

function conceptText(code: CodeableConcept | undefined): string | undefined {
  return code?.text ?? code?.coding?.find((c) => c.display)?.display ?? code?.coding?.[0]?.code;
}

export function patientName(patient: Patient | undefined): string {
  const name = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
  if (!name) return '';
  return name.text ?? [...(name.given ?? []), name.family].filter(Boolean).join(' ');
}

/** "Odile Fotso" → "O.F." (what a message shows; the full name stays in the params for the flow). */
export function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => `${w[0]!.toUpperCase()}.`).join('') || '?';
}

export function patientNumber(patient: Patient | undefined): string {
  const ids = patient?.identifier ?? [];
  const openmrs = ids.find((i) => i.type?.text === 'OpenMRS ID');
  return (openmrs ?? ids.find((i) => i.use === 'official') ?? ids[0])?.value ?? patient?.id ?? '';
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** The value of an Observation as text: "<50 copies/mL", "1200 copies/mL", "Not detected". */
export function observationValue(obs: Observation): string {
  if (obs.valueQuantity?.value !== undefined) {
    const q = obs.valueQuantity;
    return `${q.comparator ?? ''}${formatNumber(q.value!)}${q.unit ? ` ${q.unit}` : ''}`;
  }
  if (obs.valueCodeableConcept) return conceptText(obs.valueCodeableConcept) ?? '';
  if (obs.valueString !== undefined) return obs.valueString;
  if (obs.valueBoolean !== undefined) return obs.valueBoolean ? 'yes' : 'no';
  if (obs.valueInteger !== undefined) return String(obs.valueInteger);
  return '';
}

/** Viral loads: suppressed / not suppressed; other tests: the interpretation code in words. */
export function interpretationOf(obs: Observation | undefined, loinc: string | undefined): string {
  if (!obs) return '';
  if (loinc && VIRAL_LOAD_CODES.has(loinc) && obs.valueQuantity?.value !== undefined) {
    const below = obs.valueQuantity.comparator === '<' || obs.valueQuantity.comparator === '<=' || obs.valueQuantity.value < VL_SUPPRESSION_THRESHOLD;
    return below ? 'suppressed' : 'not suppressed';
  }
  const coding = obs.interpretation?.flatMap((i) => i.coding ?? [])[0];
  if (coding?.code && INTERPRETATIONS[coding.code]) return INTERPRETATIONS[coding.code]!;
  return conceptText(obs.interpretation?.[0]) ?? '';
}

/** One result entry from a report, its observations and patient. */
export function labResultParam(report: DiagnosticReport, observations: readonly Observation[], patient: Patient | undefined): LabResultParam {
  const loinc = loincOf(report.code) ?? loincOf(observations[0]?.code);
  const known = loinc ? KNOWN_TESTS[loinc] : undefined;
  const main = observations[0];
  const value = observations.map(observationValue).filter(Boolean).join(', ') || report.conclusion || '';
  const date = (report.issued ?? report.effectiveDateTime ?? main?.issued ?? main?.effectiveDateTime ?? '').slice(0, 10);
  return {
    patient_name: patientName(patient),
    patient_id: patientNumber(patient),
    test: known?.[0] ?? conceptText(report.code) ?? 'lab test',
    value,
    interpretation: interpretationOf(main, loinc),
    date,
    report: `DiagnosticReport/${report.id}`,
  };
}

/** The short line of one result in `summary`: "O.F.: HIV VL <50 copies/mL (suppressed)". */
export function summaryLine(result: LabResultParam): string {
  const short = Object.values(KNOWN_TESTS).find(([name]) => name === result.test)?.[1] ?? result.test;
  return `${initials(result.patient_name)}: ${short} ${result.value}${result.interpretation ? ` (${result.interpretation})` : ''}`;
}

/** The params of one message for a facility. */
export function labResultsParams(facility: { id: string; name: string }, results: readonly LabResultParam[]): LabResultsParams {
  return { kind: 'lab_results', facility, count: results.length, results: [...results], summary: results.map(summaryLine).join('; ') };
}
