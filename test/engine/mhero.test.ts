/**
 * The two real mHero RapidPro exports (intrahealth/mhero-flows) run to completion with scripted replies,
 * including re-asks on invalid answers.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFlowFile } from '../../cli/flow-file.js';
import { contact, runScript, texts } from './helpers.js';

const samples = path.resolve(import.meta.dirname, '../../../shared/fhir/samples/rapidpro-flows');
const env = { allowed_languages: ['eng'], default_country: 'LR', date_format: 'DD-MM-YYYY' as const, timezone: 'Africa/Monrovia' };

function results(session: { runs: unknown[] }): Record<string, { value: string; category: string }> {
  return (session.runs[0] as { results: Record<string, { value: string; category: string }> }).results;
}

describe.skipIf(!existsSync(samples))('mHero RapidPro exports', () => {
  it('registration: answers every question (one invalid facility ID first) and completes', async () => {
    const { assets, flows } = readFlowFile(path.join(samples, 'mhero-covid-registration_test.json'));
    const out = await runScript(assets, flows[0]!, contact({ urns: ['tel:+231770000001'] }), ['EMP123', 'Doe', '3', 'Gasabo', 'not a number', '1234'], env);
    expect(out.session.status).toBe('completed');
    const r = results(out.session);
    expect(r.employee_id?.value).toBe('EMP123');
    expect(r.reporting_type?.category).toBe('both case and aggregate');
    expect(r.facility_id).toMatchObject({ value: '1234' });
    const sent = texts(out.events);
    // the facility question is asked again after the invalid answer
    expect(sent.filter((t) => t.startsWith('What is the ID number of the facility')).length).toBe(2);
    expect(sent.at(-1)).toBe(
      'Thank you. You are now registered as Doe, with the employee ID EMP123, based at the facility with ID number 1234 in Gasabo district. You are registered to do both case and aggregate reporting.',
    );
  });

  it('summary case report: completes with identifier, age and a day-first test date', async () => {
    const { assets, flows } = readFlowFile(path.join(samples, 'mhero-covid-summary_case_report_test.json'));
    const out = await runScript(assets, flows[0]!, contact({ urns: ['tel:+231770000001'] }), ['P-77', '200', '34', 'yesterday-ish', '01/05/2021'], env);
    expect(out.session.status).toBe('completed');
    const r = results(out.session);
    expect(r.patient_id?.value).toBe('P-77');
    expect(r.patient_age?.value).toBe('34');
    expect(r.patient_test_date?.value).toMatch(/^2021-05-01/);
    expect(texts(out.events).at(-1)).toMatch(/^Thank you\. You provided Identifier \(P-77\), Age \(34\), and Test Date \(2021-05-01/);
  });
});
