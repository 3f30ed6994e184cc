/**
 * The lab results trigger params (pure): values with comparators and units, viral-load suppression, other
 * interpretations in words, initials in the summary, the patient's OpenMRS number.
 */
import type { DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { initials, interpretationOf, labResultParam, labResultsParams, observationValue } from '../../server/fhir/watch/lab-result-params.js';

const VL = { coding: [{ system: 'http://loinc.org', code: '20447-9' }] };
const patient: Patient = { resourceType: 'Patient', id: 'p1', name: [{ given: ['Odile', 'Marie'], family: 'Fotso' }], identifier: [{ value: 'X1' }, { type: { text: 'OpenMRS ID' }, value: '10234K' }] };

function vl(value: number, comparator?: '<' | '>'): Observation {
  return { resourceType: 'Observation', status: 'final', code: VL, valueQuantity: { value, unit: 'copies/mL', ...(comparator ? { comparator } : {}) } };
}

describe('lab result params', () => {
  it('formats values and interprets viral loads by the WHO threshold', () => {
    expect(observationValue(vl(50, '<'))).toBe('<50 copies/mL');
    expect(observationValue({ resourceType: 'Observation', status: 'final', code: VL, valueCodeableConcept: { coding: [{ display: 'Not detected' }] } })).toBe('Not detected');
    expect(interpretationOf(vl(999), '20447-9')).toBe('suppressed');
    expect(interpretationOf(vl(1000), '20447-9')).toBe('not suppressed');
    expect(interpretationOf(vl(5000, '<'), '20447-9')).toBe('suppressed');
    expect(interpretationOf({ ...vl(5), interpretation: [{ coding: [{ code: 'H' }] }] }, '24467-3')).toBe('high');
    expect(interpretationOf(undefined, '20447-9')).toBe('');
  });

  it('builds one result and the message params with a summary of initials', () => {
    const report: DiagnosticReport = { resourceType: 'DiagnosticReport', id: 'dr1', status: 'final', code: VL, issued: '2026-11-20T08:00:00Z', subject: { reference: 'Patient/p1' } };
    const result = labResultParam(report, [vl(40, '<')], patient);
    expect(result).toEqual({ patient_name: 'Odile Marie Fotso', patient_id: '10234K', test: 'HIV viral load', value: '<40 copies/mL', interpretation: 'suppressed', date: '2026-11-20', report: 'DiagnosticReport/dr1' });
    const other = labResultParam({ ...report, id: 'dr2', code: { text: 'Malaria RDT' }, conclusion: 'Positive' }, [], { resourceType: 'Patient', name: [{ text: 'ben ngono' }] });
    expect(other).toMatchObject({ test: 'Malaria RDT', value: 'Positive', interpretation: '', patient_id: '' });
    expect(initials('ben ngono')).toBe('B.N.');
    expect(labResultsParams({ id: 'Location/F1', name: 'CSI Akwa' }, [result, other])).toEqual({
      kind: 'lab_results',
      facility: { id: 'Location/F1', name: 'CSI Akwa' },
      count: 2,
      results: [result, other],
      summary: 'O.M.F.: HIV VL <40 copies/mL (suppressed); B.N.: Malaria RDT Positive',
    });
  });
});
