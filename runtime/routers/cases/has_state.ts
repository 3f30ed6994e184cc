/**
 * has_state(text): the text names a state (first-level location) of the environment's hierarchy.
 * The match is the state's path.
 *   @(has_state("I live in Kigali").match) -> Rwanda > Kigali City
 */
import { XError, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { LEVEL_STATE, allLocations, findLocationsFuzzy } from './locations.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const NO_LOCATIONS_ERROR = "can't find locations in environment which is not location enabled";

export const hasState: CaseTestSpec = {
  type: 'has_state',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has a state',
  run(env, args) {
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    if (!allLocations(env)) return new XError(NO_LOCATIONS_ERROR);
    const states = findLocationsFuzzy(env, text.value, LEVEL_STATE, null);
    return states.length > 0 ? trueResult(xText(states[0].path)) : FALSE_RESULT;
  },
};
