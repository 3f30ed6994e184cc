import { describe, expect, it } from 'vitest';
import { editDistance, findForgivingMatches, foldText, matchesForgivingly } from '../../server/nlp/forgiving-match.js';

describe('forgiving keyword matching', () => {
  it('ignores case and accents', () => {
    expect(foldText('VACCINÉ, São Tomé!')).toBe('vaccine sao tome');
    expect(matchesForgivingly('Je veux le VACCINÉ', 'vaccine')).toBe(true);
    expect(matchesForgivingly('vacinação', 'VACINACAO')).toBe(true);
  });

  it('tolerates one typo by default and no more', () => {
    expect(matchesForgivingly('when is the vacine day', 'vaccine')).toBe(true); // missing letter
    expect(matchesForgivingly('vaccime', 'vaccine')).toBe(true); // wrong letter
    expect(matchesForgivingly('vacicne', 'vaccine')).toBe(true); // two letters swapped
    expect(matchesForgivingly('vacne', 'vaccine')).toBe(false); // two letters missing
    expect(matchesForgivingly('vacne', 'vaccine', { maxDistance: 2 })).toBe(true);
  });

  it('can be made strict', () => {
    expect(matchesForgivingly('vacine', 'vaccine', { maxDistance: 0 })).toBe(false);
    expect(matchesForgivingly('VACCINE', 'vaccine', { maxDistance: 0 })).toBe(true);
  });

  it('does not forgive short words, which would match too much', () => {
    expect(matchesForgivingly('tax', 'vax')).toBe(false);
    expect(matchesForgivingly('vax', 'vax')).toBe(true);
    expect(matchesForgivingly('tax', 'vax', { minWordLength: 3 })).toBe(true);
  });

  it('matches whole words, not parts of words', () => {
    expect(matchesForgivingly('vaccinations', 'vaccine')).toBe(false);
    expect(matchesForgivingly('chanjo', 'chanjo ya surua')).toBe(false);
  });

  it('finds phrases and reports where and how far', () => {
    const found = findForgivingMatches('Nataka kuripoti kesi ya surua leo', ['kesi ya surua', 'kipindupindu', 'ripoti']);
    expect(found).toEqual([{ keyword: 'kesi ya surua', matched: 'kesi ya surua', distance: 0, index: 2 }]);
    const typo = findForgivingMatches('stock out of paracetamoll', ['paracetamol', 'stock out']);
    expect(typo.map((m) => [m.keyword, m.distance])).toEqual([['paracetamol', 1], ['stock out', 0]]);
  });

  it('prefers the closest occurrence', () => {
    expect(findForgivingMatches('vacine or vaccine', ['vaccine'])[0]).toMatchObject({ matched: 'vaccine', distance: 0, index: 2 });
  });

  it('computes edit distance with an early stop', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2); // limit + 1: "more than 1"
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('rejects nonsensical options with the option name', () => {
    expect(() => matchesForgivingly('a', 'b', { maxDistance: -1 })).toThrow(/maxDistance/);
    expect(() => matchesForgivingly('a', 'b', { minWordLength: 0 })).toThrow(/minWordLength/);
  });
});
