/**
 * has_value(text): legacy name kept by goflow for backward compatibility; behaves as has_text.
 *   @(has_value("hello")) -> true
 */
import { hasText } from './has_text.js';
import type { CaseTestSpec } from './spec.js';

export const hasValue: CaseTestSpec = {
  ...hasText,
  type: 'has_value',
  legacy: true,
  description: 'has some text (legacy name of has_text)',
};
