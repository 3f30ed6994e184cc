import { describe, expect, it } from 'vitest';
import { entityTokens, extractEntities, localDay } from '../../server/nlp/entities.js';

const today = '2026-11-25';

describe('number entities', () => {
  it('reads digits and decimals in any language', () => {
    expect(extractEntities('we have 12 cases and 2,5 litres', { language: null, today }).number).toEqual([
      { value: '12', confidence: 1 },
      { value: '2.5', confidence: 1 },
    ]);
  });

  it('reads number words in each language', () => {
    const first = (text: string, language: string) => extractEntities(text, { language, today }).number?.[0]?.value;
    expect(first('twenty five children', 'eng')).toBe('25');
    expect(first('one hundred and five doses', 'eng')).toBe('105');
    expect(first('quatre-vingt-dix enfants', 'fra')).toBe('90');
    expect(first('soixante-dix-sept doses', 'fra')).toBe('77');
    expect(first('vingt et un cas', 'fra')).toBe('21');
    expect(first('vinte e cinco crianças', 'por')).toBe('25');
    expect(first('três doentes', 'por')).toBe('3');
    expect(first('wagonjwa kumi na mbili', 'swa')).toBe('12');
    expect(first('watoto watatu', 'swa')).toBe('3');
  });

  it('does not read articles as numbers', () => {
    expect(extractEntities('un enfant malade', { language: 'fra', today }).number).toBeUndefined();
    expect(extractEntities('uma criança', { language: 'por', today }).number).toBeUndefined();
    expect(extractEntities('vingt et un', { language: 'fra', today }).number).toEqual([{ value: '21', confidence: 0.8 }]);
  });
});

describe('date entities', () => {
  const dates = (text: string, language: string | null) => extractEntities(text, { language, today }).date?.map((d) => d.value);

  it('reads numeric dates day first, and ISO dates', () => {
    expect(dates('rendez-vous le 03/12/2026', 'fra')).toEqual(['2026-12-03']);
    expect(dates('due 5-1', 'eng')).toEqual(['2026-01-05']);
    expect(dates('tarehe 2026-03-12', 'swa')).toEqual(['2026-03-12']);
    expect(dates('31/02/2026', 'eng')).toBeUndefined(); // no 31 February
  });

  it('reads month names in each language', () => {
    expect(dates('training on 12 March 2026', 'eng')).toEqual(['2026-03-12']);
    expect(dates('training on March 12th', 'eng')).toEqual(['2026-03-12']);
    expect(dates('formation le 1er février', 'fra')).toEqual(['2026-02-01']);
    expect(dates('formação a 12 de março de 2027', 'por')).toEqual(['2027-03-12']);
    expect(dates('mafunzo tarehe 5 Desemba', 'swa')).toEqual(['2026-12-05']);
  });

  it('reads today, tomorrow and yesterday', () => {
    expect(dates('the clinic is tomorrow', 'eng')).toEqual(['2026-11-26']);
    expect(dates("aujourd'hui", 'fra')).toEqual(['2026-11-25']);
    expect(dates('amanhã de manhã', 'por')).toEqual(['2026-11-26']);
    expect(dates('chanjo ni kesho', 'swa')).toEqual(['2026-11-26']);
    expect(dates('nilikuja jana', 'swa')).toEqual(['2026-11-24']);
  });

  it('does not count the parts of a date as numbers', () => {
    const entities = extractEntities('12 doses on 03/12/2026 and 4 March', { language: 'eng', today });
    expect(entities.number).toEqual([{ value: '12', confidence: 1 }]);
    expect(entities.date?.map((d) => d.value)).toEqual(['2026-12-03', '2026-03-04']);
  });

  it('keeps digit separators inside tokens only', () => {
    expect(entityTokens('Le 1er mars: 2,5 kg, 12/03.')).toEqual(['le', '1', 'er', 'mars', '2,5', 'kg', '12/03']);
  });

  it('computes the local day of a time zone', () => {
    const lateUtc = new Date('2026-11-25T22:30:00Z');
    expect(localDay(lateUtc, 'UTC')).toBe('2026-11-25');
    expect(localDay(lateUtc, 'Africa/Nairobi')).toBe('2026-11-26');
  });
});
