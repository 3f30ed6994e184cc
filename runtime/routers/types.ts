/**
 * What a router needs from the engine, and what routing decides.
 *
 *   const pick = await routeSwitch(router, rt);  // { categoryUuid, operand, match, extra }
 */
import type { EvaluationEnvironment } from '../expressions/environment.js';
import type { XValue } from '../expressions/values.js';
import type { Localized } from '../engine/runtime-types.js';

export interface RouterRuntime {
  /** Evaluation environment for case tests. */
  readonly evalEnv: EvaluationEnvironment;
  /** Evaluates the operand template to a value (errors are logged as events). */
  evaluateOperand(template: string): XValue;
  /** Evaluates a case argument template to text (errors are logged). */
  evaluate(template: string): string;
  localize(itemUuid: string, key: string, base: string[]): Localized;
  /** Renders a value as goflow text. */
  render(value: XValue): string;
  /** Renders a value as JSON (for result extras). */
  toJSON(value: XValue): unknown;
  error(text: string): void;
  random(): number;
}

/** The outcome of routing: which category, and the values the result is saved with. */
export interface RouteDecision {
  categoryUuid: string;
  /** The operand as text (also the segment's operand). Absent for random routers. */
  operand?: string;
  /** The result value: the matched text for a case, else the operand. */
  value: string;
  /** What the result records as its input, when not the operand (random: the number drawn). */
  input?: string;
  extra?: unknown;
}
