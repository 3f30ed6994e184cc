/**
 * has_ward(text, district?, state?): the text names a ward, within the district and state if given
 * (both or neither). Without them the ward name must be unambiguous. The match is the ward's path.
 *   @(has_ward("Gisozi", "Gasabo", "Kigali").match) -> Rwanda > Kigali City > Gasabo > Gisozi
 */
import { XError, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { LEVEL_DISTRICT, LEVEL_STATE, LEVEL_WARD, allLocations, findLocationsFuzzy } from './locations.js';
import { NO_LOCATIONS_ERROR } from './has_state.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasWard: CaseTestSpec = {
  type: 'has_ward',
  minArgs: 0,
  maxArgs: 2,
  legacy: false,
  description: 'has a ward',
  run(env, args) {
    if (args.length !== 1 && args.length !== 3) return new XError(`takes one or three arguments, got ${args.length}`);
    if (!allLocations(env)) return new XError(NO_LOCATIONS_ERROR);
    const texts: string[] = [];
    for (const a of args) {
      const t = toXText(env, a);
      if (t instanceof XError) return t;
      texts.push(t.value);
    }
    const [text, districtText = '', stateText = ''] = texts;
    const states = findLocationsFuzzy(env, stateText, LEVEL_STATE, null);
    if (states.length > 0) {
      const districts = findLocationsFuzzy(env, districtText, LEVEL_DISTRICT, states[0]);
      if (districts.length > 0) {
        const wards = findLocationsFuzzy(env, text, LEVEL_WARD, districts[0]);
        if (wards.length > 0) return trueResult(xText(wards[0].path));
      }
    }
    if (districtText === '') {
      const wards = findLocationsFuzzy(env, text, LEVEL_WARD, null);
      if (wards.length === 1) return trueResult(xText(wards[0].path));
    }
    return FALSE_RESULT;
  },
};
