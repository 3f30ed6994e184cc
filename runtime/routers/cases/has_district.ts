/**
 * has_district(text, state?): the text names a district, within the state if one is given. Without
 * a state the district name must be unambiguous. The match is the district's path.
 *   @(has_district("Gasabo", "Kigali").match) -> Rwanda > Kigali City > Gasabo
 */
import { XError, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { LEVEL_DISTRICT, LEVEL_STATE, allLocations, findLocationsFuzzy } from './locations.js';
import { NO_LOCATIONS_ERROR } from './has_state.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasDistrict: CaseTestSpec = {
  type: 'has_district',
  minArgs: 0,
  maxArgs: 1,
  legacy: false,
  description: 'has a district',
  run(env, args) {
    if (!allLocations(env)) return new XError(NO_LOCATIONS_ERROR);
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    let stateText = '';
    if (args.length > 1) {
      const s = toXText(env, args[1]);
      if (s instanceof XError) return s;
      stateText = s.value;
    }
    const states = findLocationsFuzzy(env, stateText, LEVEL_STATE, null);
    if (states.length > 0) {
      const districts = findLocationsFuzzy(env, text.value, LEVEL_DISTRICT, states[0]);
      if (districts.length > 0) return trueResult(xText(districts[0].path));
    }
    if (stateText === '') {
      const districts = findLocationsFuzzy(env, text.value, LEVEL_DISTRICT, null);
      if (districts.length === 1) return trueResult(xText(districts[0].path));
    }
    return FALSE_RESULT;
  },
};
