/**
 * Legacy rule sets (a question or a split with rules) → a node with a router, categories, cases and exits.
 *
 *   migrateRuleSet(ruleSet, validDestinations, ctx) // { node, ui }
 */
import { snakify } from '../snakify.js';
import { asArray, isObject, type JsonObject } from '../json.js';
import { LegacyMigrationError, type LegacyContext } from './actions.js';
import { migrateLegacyText } from './expressions.js';
import { LEGACY_WEBHOOK_PAYLOAD } from './legacy-webhook-payload.js';
import { baseText, readTranslations } from './translations.js';
import { URN_SCHEMES } from './context-references.js';

const TEST_TYPES: Record<string, string> = {
  between: 'has_number_between', contains: 'has_all_words', contains_any: 'has_any_word',
  contains_only_phrase: 'has_only_phrase', contains_phrase: 'has_phrase', date: 'has_date', date_after: 'has_date_gt',
  date_before: 'has_date_lt', date_equal: 'has_date_eq', district: 'has_district', has_email: 'has_email',
  eq: 'has_number_eq', gt: 'has_number_gt', gte: 'has_number_gte', in_group: 'has_group', lt: 'has_number_lt',
  lte: 'has_number_lte', not_empty: 'has_text', number: 'has_number', phone: 'has_phone', regex: 'has_pattern',
  starts: 'has_beginning', state: 'has_state', ward: 'has_ward',
};

const RELATIVE_DATE = /@\(date\.today\s+(\+|-)\s+(\d+)\)/;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Example: `{ type: 'wait_for_response', position: { left: 100, top: 0 } }`. */
export interface NodeUi {
  type: string;
  position: { left: number; top: number };
  config?: Record<string, unknown>;
}

interface Converted {
  category: JsonObject;
  exit: JsonObject;
}

function testOf(rule: JsonObject): JsonObject {
  return isObject(rule.test) ? rule.test : {};
}

/** One legacy rule → a case (or null when the rule only names a category, like "Other"). */
function migrateRule(rule: JsonObject, categoryUuid: string, ctx: LegacyContext, caseUi: Record<string, unknown>): JsonObject | null {
  const test = testOf(rule);
  const testType = str(test.type);
  let type = TEST_TYPES[testType];
  const caseUuid = ctx.newUuid();
  let args: string[];
  switch (testType) {
    case 'date': case 'has_email': case 'not_empty': case 'number': case 'phone': case 'state':
      args = [];
      break;
    case 'eq': case 'gt': case 'gte': case 'lt': case 'lte':
      args = [migrateLegacyText(str(test.test))];
      break;
    case 'between':
      args = [migrateLegacyText(str(test.min)), migrateLegacyText(str(test.max))];
      break;
    case 'contains': case 'contains_any': case 'contains_phrase': case 'contains_only_phrase': case 'regex': case 'starts': {
      const translations = readTranslations(test.test);
      const base = baseText(translations, ctx.baseLanguage);
      // every test is a template, except regular expressions
      args = [testType === 'regex' ? base : migrateLegacyText(base)];
      ctx.localization.addMap(ctx.baseLanguage, translations, caseUuid, 'arguments');
      break;
    }
    case 'date_equal': case 'date_after': case 'date_before': {
      const raw = str(test.test);
      args = [migrateLegacyText(raw, { rawDates: true })];
      const m = RELATIVE_DATE.exec(raw);
      const delta = m ? (m[1] === '-' ? -Number(m[2]) : Number(m[2])) : 0;
      caseUi[caseUuid] = { arguments: [String(delta)] };
      break;
    }
    case 'in_group': {
      const group = isObject(test.test) ? test.test : {};
      args = [str(group.uuid), str(group.name)];
      break;
    }
    case 'subflow':
      type = 'has_only_text';
      args = [str(test.exit_type)];
      break;
    case 'webhook_status':
      type = 'has_only_text';
      args = [test.status === 'success' ? 'Success' : 'Failure'];
      break;
    case 'airtime_status':
      if (test.exit_status !== 'success') return null; // failure is the default category
      type = 'has_category';
      args = ['Success'];
      break;
    case 'district':
      args = [migrateLegacyText(str(test.test))];
      break;
    case 'ward':
      args = [migrateLegacyText(str(test.district)), migrateLegacyText(str(test.state))];
      break;
    default:
      throw new LegacyMigrationError(`legacy rule test '${testType}' can't be migrated`);
  }
  const kase: JsonObject = { uuid: caseUuid, type, category_uuid: categoryUuid };
  if (args.length) kase.arguments = args;
  return kase;
}

function hintAndOperand(rulesetType: string, finishedKey: string): { hint?: JsonObject; operand: string } {
  switch (rulesetType) {
    case 'wait_audio': case 'wait_recording': return { hint: { type: 'audio' }, operand: '@input' };
    case 'wait_video': return { hint: { type: 'video' }, operand: '@input' };
    case 'wait_photo': return { hint: { type: 'image' }, operand: '@input' };
    case 'wait_gps': return { hint: { type: 'location' }, operand: '@input' };
    case 'wait_digit': return { hint: { type: 'digits', count: 1 }, operand: '@input.text' };
    case 'wait_digits': return { hint: { type: 'digits', terminated_by: finishedKey }, operand: '@input.text' };
    default: return { operand: '@input' };
  }
}

function switchRouter(categories: JsonObject[], operand: string, cases: JsonObject[], defaultCategory: string, resultName: string, wait?: JsonObject): JsonObject {
  const router: JsonObject = { type: 'switch', categories, operand, cases };
  if (defaultCategory) router.default_category_uuid = defaultCategory;
  if (wait) router.wait = wait;
  if (resultName) router.result_name = resultName;
  return router;
}

/** Operand UI hints for splits on a field or result (the editor shows what is being split on). */
function operandUi(operand: string, rulesetType: string, ui: Record<string, unknown>): string {
  const lastDot = operand.lastIndexOf('.');
  const key = lastDot >= 0 ? operand.slice(lastDot + 1) : '';
  if (rulesetType === 'flow_field') {
    if (key) ui.operand = { id: key };
    return 'split_by_run_result';
  }
  if (!key) return 'split_by_contact_field';
  if (key === 'name') ui.operand = { type: 'property', id: 'name', name: 'Name' };
  else if (key === 'groups') return 'split_by_expression';
  else if (URN_SCHEMES.includes(key)) ui.operand = { type: 'scheme', id: key };
  else ui.operand = { type: 'field', id: key };
  return 'split_by_contact_field';
}

export function migrateRuleSet(ruleSet: JsonObject, validDestinations: Set<string>, ctx: LegacyContext): { node: JsonObject; ui: NodeUi } {
  const rules = asArray(ruleSet.rules).filter(isObject);
  const categories: JsonObject[] = [];
  const exits: JsonObject[] = [];
  const byRule = new Map<string, Converted>();
  const byName = new Map<string, Converted>();

  // rule UUIDs become exit UUIDs; the rare rule without one gets a new one
  const ruleUuids = new Map<JsonObject, string>(rules.map((rule) => [rule, str(rule.uuid) || ctx.newUuid()]));
  for (const rule of rules) {
    const name = baseText(readTranslations(rule.category), ctx.baseLanguage);
    const isOther = testOf(rule).type === 'true';
    let converted = isOther ? undefined : byName.get(name);
    if (!converted) {
      const destination = str(rule.destination);
      const exit: JsonObject = { uuid: ruleUuids.get(rule)! };
      if (validDestinations.has(destination)) exit.destination_uuid = destination;
      exits.push(exit);
      const category: JsonObject = { uuid: ctx.newUuid() };
      if (name) category.name = name;
      category.exit_uuid = exit.uuid;
      categories.push(category);
      converted = { category, exit };
    }
    byRule.set(ruleUuids.get(rule)!, converted);
    byName.set(name, converted);
    ctx.localization.addMap(ctx.baseLanguage, readTranslations(rule.category), str(converted.category.uuid), 'name');
  }

  const cases: JsonObject[] = [];
  const caseUi: Record<string, unknown> = {};
  let defaultCategory = '';
  let timeoutCategory = '';
  for (const rule of rules) {
    const converted = byRule.get(ruleUuids.get(rule)!)!;
    const testType = testOf(rule).type;
    const categoryUuid = str(converted.category.uuid);
    if (testType === 'true') {
      defaultCategory = categoryUuid;
      continue;
    }
    if (testType === 'timeout') {
      timeoutCategory = categoryUuid;
      continue;
    }
    if (testType === 'webhook_status' || testType === 'airtime_status') defaultCategory = categoryUuid;
    const kase = migrateRule(rule, categoryUuid, ctx, caseUi);
    if (kase) cases.push(kase);
  }

  const resultName = str(ruleSet.label);
  const config = isObject(ruleSet.config) ? ruleSet.config : {};
  const rulesetType = str(ruleSet.ruleset_type) || 'wait_message';
  const uiConfig: Record<string, unknown> = {};
  if (Object.keys(caseUi).length) uiConfig.cases = caseUi;
  let actions: JsonObject[] = [];
  let router: JsonObject;
  let uiType: string;

  switch (rulesetType) {
    case 'subflow':
      actions = [{ uuid: ctx.newUuid(), type: 'enter_flow', flow: { uuid: str((config.flow as JsonObject | undefined)?.uuid), name: str((config.flow as JsonObject | undefined)?.name) } }];
      router = switchRouter(categories, '@child.status', cases, defaultCategory, resultName);
      uiType = 'split_by_subflow';
      break;
    case 'webhook': {
      const method = (str(config.webhook_action) || 'POST').toUpperCase();
      const headers: Record<string, string> = {};
      let body = '';
      if (method === 'POST') {
        headers['Content-Type'] = 'application/json';
        body = LEGACY_WEBHOOK_PAYLOAD;
      }
      for (const header of asArray(config.webhook_headers).filter(isObject)) {
        if (str(header.name)) headers[str(header.name)] = migrateLegacyText(str(header.value));
      }
      const action: JsonObject = { uuid: ctx.newUuid(), type: 'call_webhook', method, url: migrateLegacyText(str(config.webhook), { urlEncode: true }) };
      if (Object.keys(headers).length) action.headers = headers;
      if (body) action.body = body;
      if (resultName) action.result_name = resultName;
      actions = [action];
      router = switchRouter(categories, `@results.${snakify(resultName)}.category`, cases, defaultCategory, '');
      uiType = 'split_by_webhook';
      break;
    }
    case 'resthook': {
      const action: JsonObject = { uuid: ctx.newUuid(), type: 'call_resthook', resthook: str(config.resthook) };
      if (resultName) action.result_name = resultName;
      actions = [action];
      router = switchRouter(categories, `@results.${snakify(resultName)}.category`, cases, defaultCategory, '');
      uiType = 'split_by_resthook';
      break;
    }
    case 'form_field': {
      const operand = migrateLegacyText(str(ruleSet.operand));
      const delimiter = str(config.field_delimiter);
      const index = typeof config.field_index === 'number' ? config.field_index : 0;
      router = switchRouter(categories, `@(field(${operand.slice(1)}, ${index}, ${JSON.stringify(delimiter)}))`, cases, defaultCategory, resultName);
      const source = str(ruleSet.operand);
      const lastDot = source.lastIndexOf('.');
      if (lastDot >= 0) {
        uiConfig.operand = { id: source.slice(lastDot + 1) };
        uiConfig.delimiter = delimiter;
        uiConfig.index = index;
      }
      uiType = 'split_by_run_result_delimited';
      break;
    }
    case 'group':
      router = switchRouter(categories, '@contact.groups', cases, defaultCategory, resultName);
      uiType = 'split_by_groups';
      break;
    case 'wait_message': case 'wait_audio': case 'wait_video': case 'wait_photo': case 'wait_gps': case 'wait_recording':
    case 'wait_digit': case 'wait_digits': {
      const timeoutRule = rules.find((r) => testOf(r).type === 'timeout');
      const minutes = timeoutRule ? Number(testOf(timeoutRule).minutes) || 0 : 0;
      const { hint, operand } = hintAndOperand(rulesetType, str(ruleSet.finished_key));
      const wait: JsonObject = { type: 'msg' };
      if (minutes > 0 && timeoutCategory) wait.timeout = { seconds: minutes * 60, category_uuid: timeoutCategory };
      if (hint) wait.hint = hint;
      router = switchRouter(categories, operand, cases, defaultCategory, resultName, wait);
      uiType = 'wait_for_response';
      break;
    }
    case 'flow_field': case 'contact_field': case 'expression': {
      const source = str(ruleSet.operand);
      uiType = rulesetType === 'expression' ? 'split_by_expression' : operandUi(source, rulesetType, uiConfig);
      // expression operands that fail evaluate to their own text, as they did in legacy flows
      const operand = migrateLegacyText(source, { defaultToSelf: rulesetType === 'expression' }) || '@input';
      router = switchRouter(categories, operand, cases, defaultCategory, resultName);
      break;
    }
    case 'random':
      router = { type: 'random', categories, ...(resultName ? { result_name: resultName } : {}) };
      uiType = 'split_by_random';
      break;
    case 'airtime': {
      const amounts: Record<string, number> = {};
      for (const country of Object.values(config)) {
        if (!isObject(country)) continue;
        const currency = str(country.currency_code);
        const amount = Number(country.amount);
        if (currency in amounts && amounts[currency] !== amount) {
          throw new LegacyMigrationError(`airtime rule set has different amounts for the same currency ${currency}`);
        }
        amounts[currency] = amount;
      }
      const action: JsonObject = { uuid: ctx.newUuid(), type: 'transfer_airtime', amounts };
      if (resultName) action.result_name = resultName;
      actions = [action];
      router = switchRouter(categories, `@results.${snakify(resultName)}`, cases, defaultCategory, '');
      uiType = 'split_by_airtime';
      break;
    }
    default:
      throw new LegacyMigrationError(`legacy rule set type '${rulesetType}' can't be migrated`);
  }

  const node: JsonObject = { uuid: str(ruleSet.uuid) };
  if (actions.length) node.actions = actions;
  node.router = router;
  node.exits = exits;
  const ui: NodeUi = { type: uiType, position: { left: Math.trunc(Number(ruleSet.x) || 0), top: Math.trunc(Number(ruleSet.y) || 0) } };
  if (Object.keys(uiConfig).length) ui.config = uiConfig;
  return { node, ui };
}
