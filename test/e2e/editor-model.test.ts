/**
 * The editable canvas's logic, without a browser: one UI entry per engine action / case type, palette steps
 * that read as valid flows, the rule editor's invariants, SMS counting, copy/paste, undo and live issues.
 */
import { describe, expect, it } from 'vitest';
import type { Flow, FlowNode, SwitchRouter } from '../../runtime/definition/types.js';
import { ACTIONS } from '../../runtime/actions/registry.js';
import { CASE_TESTS } from '../../runtime/routers/cases/registry.js';
import { readFlow } from '../../runtime/definition/read.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import { ACTION_UI, inScopeActionTypes, newAction } from '../../web/editor/model/action-ui.js';
import { CASE_UI, caseArgumentsFromInputs, offeredCaseTypes, suggestCategoryName } from '../../web/editor/model/case-ui.js';
import { PALETTE, paletteFor } from '../../web/editor/model/palette.js';
import { addCase, removeCase, renameCategory, setWaitTimeout, updateCase } from '../../web/editor/model/router-edits.js';
import { smsSegments } from '../../web/editor/model/sms-segments.js';
import { addNode, connectExit, deleteNodes, nodePosition } from '../../web/editor/model/flow-edits.js';
import { copyNodes, parseClip, pasteNodes } from '../../web/editor/model/paste-nodes.js';
import { record, redo, startHistory, undo } from '../../web/editor/model/history.js';
import { hasBlockingErrors, liveIssues } from '../../web/editor/model/live-issues.js';
import { completionsFor, matchAt } from '../../web/editor/model/expression-completions.js';
import { addLanguage, flowLanguages, isLanguageNeutral, removeLanguage, setTranslation, translatableTexts, translationProgress } from '../../web/editor/model/translations.js';
import { whatsappWindowIssues } from '../../web/editor/model/whatsapp-window.js';
import { addSticky, deleteStickies, moveStickies, stickiesOf, updateSticky } from '../../web/editor/model/stickies.js';
import { catalogs } from '../../web/i18n/catalogs.js';
const en = catalogs.en;

function emptyFlow(): Flow {
  return { uuid: '0f1e2d3c-4b5a-4968-8776-655443322110', name: 'Test', spec_version: CURRENT_SPEC_VERSION, language: 'eng', type: 'messaging', localization: {}, nodes: [] };
}

function create(id: string): FlowNode {
  const item = PALETTE.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no palette item ${id}`);
  return item.create();
}

function lookup(path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), en);
}

describe('registries', () => {
  it('has a UI entry and a title for every action type the engine performs', () => {
    const missing = inScopeActionTypes().filter((type) => !ACTION_UI[type]);
    expect(missing).toEqual([]);
    for (const type of inScopeActionTypes()) {
      expect(typeof lookup(`steps.actions.${type}`), type).toBe('string');
      const action = newAction(type);
      expect(action.type).toBe(type);
    }
    // No entry for a type the engine does not know.
    expect(Object.keys(ACTION_UI).filter((type) => !ACTIONS[type])).toEqual([]);
  });

  it('has a UI entry and a label for every case test of the engine', () => {
    expect(Object.keys(CASE_TESTS).filter((type) => !CASE_UI[type])).toEqual([]);
    for (const type of offeredCaseTypes()) expect(typeof lookup(`caseEditor.tests.${type}`), type).toBe('string');
    expect(offeredCaseTypes()).not.toContain('has_value');
  });

  it('has a title for every palette item, and background flows get no waits', () => {
    for (const item of PALETTE) expect(typeof lookup(`palette.items.${item.id}`), item.id).toBe('string');
    expect(paletteFor('messaging_background').some((item) => item.waits)).toBe(false);
    expect(paletteFor('messaging').map((item) => item.id)).toContain('ask');
  });
});

describe('palette steps', () => {
  it('creates nodes the engine reads as a valid flow', () => {
    for (const item of PALETTE) {
      const flow = addNode(emptyFlow(), item.create(), { x: 10, y: 20 });
      const node = flow.nodes[0]!;
      // Fill the fields a new step leaves for the user.
      for (const action of node.actions) {
        if (action.type === 'set_contact_field') action.field = { key: 'district', name: 'District' };
        if (action.type === 'call_webhook') action.url = 'https://example.org/api';
        if (action.type === 'enter_flow') action.flow = { uuid: '8d8e0d0c-1f3f-4d7c-9a8e-5c5b0e0d1a2b', name: 'Other' };
        if (action.type === 'send_broadcast' || action.type === 'send_msg') action.text = 'Hello';
      }
      if (node.router?.type === 'switch' && node.router.operand === '@fields.') node.router.operand = '@fields.district';
      const read = readFlow(structuredClone(flow));
      expect(read.issues.filter((issue) => issue.severity === 'error'), item.id).toEqual([]);
      expect(nodePosition(flow, node.uuid)).toEqual({ x: 10, y: 20 });
      // One exit per category, all distinct.
      if (node.router) expect(node.exits.map((exit) => exit.uuid)).toEqual(node.router.categories.map((category) => category.exit_uuid));
    }
  });
});

describe('rule editor', () => {
  it('names categories from the rule, keeps Other last and adds No Response on a timeout', () => {
    let node = create('ask');
    expect((node.router as SwitchRouter).categories.map((category) => category.name)).toEqual(['All Responses']);
    node = addCase(node, 'has_any_word', ['yes y']);
    node = addCase(node, 'has_number_between', ['1', '50']);
    node = setWaitTimeout(node, 300);
    const router = node.router as SwitchRouter;
    expect(router.categories.map((category) => category.name)).toEqual(['Yes', '1 - 50', 'Other', 'No Response']);
    expect(node.exits.map((exit) => exit.uuid)).toEqual(router.categories.map((category) => category.exit_uuid));
    expect(router.wait).toMatchObject({ type: 'msg', timeout: { seconds: 300 } });

    // The name follows the rule until the user renames it.
    const between = router.cases[1]!;
    node = updateCase(node, between.uuid, { arguments: ['1', '99'] });
    expect((node.router as SwitchRouter).categories[1]!.name).toBe('1 - 99');
    node = renameCategory(node, (node.router as SwitchRouter).categories[1]!.uuid, 'Adult');
    node = updateCase(node, between.uuid, { arguments: ['18', '99'] });
    expect((node.router as SwitchRouter).categories[1]!.name).toBe('Adult');

    node = removeCase(node, router.cases[0]!.uuid);
    node = removeCase(node, between.uuid);
    node = setWaitTimeout(node, null);
    expect((node.router as SwitchRouter).categories.map((category) => category.name)).toEqual(['All Responses']);
    expect(node.exits).toHaveLength(1);
  });

  it('turns inputs into case arguments', () => {
    expect(caseArgumentsFromInputs('has_number_between', ['1', '10'])).toEqual(['1', '10']);
    expect(caseArgumentsFromInputs('has_group', ['g1'], [{ uuid: 'g1', name: 'Nurses' }])).toEqual(['g1', 'Nurses']);
    expect(caseArgumentsFromInputs('has_ward', ['Kilifi', ''])).toEqual(['Kilifi']);
    expect(suggestCategoryName('has_number_gt', ['5'])).toBe('> 5');
    expect(suggestCategoryName('has_text', [])).toBe('Has Text');
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 and UCS-2 messages', () => {
    expect(smsSegments('')).toMatchObject({ segments: 0 });
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', length: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', length: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', length: 160, segments: 1 });
    expect(smsSegments('[' + 'a'.repeat(159))).toMatchObject({ length: 161, segments: 2 });
    expect(smsSegments('ç'.repeat(70))).toEqual({ encoding: 'ucs2', length: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('ç'.repeat(71))).toEqual({ encoding: 'ucs2', length: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('😀')).toMatchObject({ encoding: 'ucs2', length: 2 });
  });
});

describe('flow edits, copy and paste, undo', () => {
  it('connects, deletes and pastes with fresh UUIDs', () => {
    const ask = addCase(create('ask'), 'has_any_word', ['yes']);
    ask.actions[0]!.text = 'Are you well?';
    let flow = addNode(emptyFlow(), ask, { x: 0, y: 0 });
    const send = create('send_msg');
    send.actions[0]!.text = 'Good';
    flow = addNode(flow, send, { x: 0, y: 200 }, { exitUuid: ask.exits[0]!.uuid });
    expect(flow.nodes[0]!.exits[0]!.destination_uuid).toBe(send.uuid);
    flow = connectExit(flow, ask.exits[1]!.uuid, send.uuid);
    expect(() => connectExit(flow, 'nope', send.uuid)).toThrow(/no node of the flow has the exit nope/);

    const clip = parseClip(JSON.stringify(copyNodes(flow, [ask.uuid, send.uuid])));
    expect(clip).not.toBeNull();
    const { flow: pasted, pasted: ids } = pasteNodes(flow, clip!, { x: 500, y: 0 });
    expect(pasted.nodes).toHaveLength(4);
    const all = JSON.stringify(pasted.nodes.slice(2));
    for (const old of [ask.uuid, send.uuid, ask.exits[0]!.uuid, (ask.router as SwitchRouter).cases[0]!.uuid]) expect(all).not.toContain(old);
    // The arrow between the copied steps is kept, on the copies.
    expect(pasted.nodes[2]!.exits[0]!.destination_uuid).toBe(ids[1]);
    expect(nodePosition(pasted, ids[1]!)).toEqual({ x: 500, y: 200 });
    expect(readFlow(structuredClone(pasted)).issues.filter((issue) => issue.severity === 'error')).toEqual([]);

    const trimmed = deleteNodes(pasted, [ids[1]!]);
    expect(trimmed.nodes.find((node) => node.uuid === ids[0])!.exits[0]!.destination_uuid).toBeNull();
    expect(parseClip('hello')).toBeNull();
  });

  it('undoes and redoes, merging a burst of typing', () => {
    let history = startHistory('a');
    history = record(history, 'ab', 'text', 1000);
    history = record(history, 'abc', 'text', 1500);
    history = record(history, 'abc!', null, 1600);
    expect(history.past).toEqual(['a', 'abc']);
    history = undo(undo(history));
    expect(history.present).toBe('a');
    history = redo(history);
    expect(history.present).toBe('abc');
  });
});

describe('live issues and completions', () => {
  it('reports a dangling exit and an invalid expression, pointing at the node', () => {
    const ask = addCase(create('ask'), 'has_any_word', ['yes']);
    ask.actions[0]!.text = 'How old are you @(1 +)';
    let flow = addNode(emptyFlow(), ask, { x: 0, y: 0 });
    const send = create('send_msg');
    send.actions[0]!.text = 'Thanks';
    flow = addNode(flow, send, { x: 0, y: 200 }, { exitUuid: ask.exits[0]!.uuid });
    const issues = liveIssues(flow);
    expect(issues.find((issue) => issue.code === 'dangling_exit')?.nodeUuid).toBe(ask.uuid);
    expect(issues.find((issue) => issue.code === 'invalid_expression')?.nodeUuid).toBe(ask.uuid);
    expect(hasBlockingErrors(issues)).toBe(true);

    const brokenCase = structuredClone(flow);
    (brokenCase.nodes[0]!.router as SwitchRouter).cases[0]!.arguments = [];
    const caseIssue = liveIssues(brokenCase).find((issue) => issue.severity === 'error');
    expect(caseIssue?.nodeUuid).toBe(ask.uuid);
  });

  it('completes results the flow really has', () => {
    const ask = create('ask');
    (ask.router as SwitchRouter).result_name = 'Children vaccinated';
    const flow = addNode(emptyFlow(), ask, { x: 0, y: 0 });
    const options = completionsFor(flow);
    expect(options).toContain('@results.children_vaccinated');
    expect(matchAt('Total: @res', 11, options)?.options[0]).toBe('@results.children_vaccinated');
    expect(matchAt('no at sign', 5, options)).toBeNull();
  });
});

describe('translation mode', () => {
  function askFlow(): Flow {
    const ask = addCase(create('ask'), 'has_any_word', ['yes']);
    ask.actions[0]!.text = 'Did you vaccinate today?';
    ask.actions[0]!.quick_replies = ['Yes', 'No'];
    return addNode(emptyFlow(), ask, { x: 0, y: 0 });
  }

  it('lists the localizable fields the engine declares, with the base texts', () => {
    const flow = askFlow();
    const texts = translatableTexts(flow);
    const action = flow.nodes[0]!.actions[0]!;
    expect(texts.find((text) => text.itemUuid === action.uuid && text.property === 'text')?.base).toEqual(['Did you vaccinate today?']);
    expect(texts.find((text) => text.itemUuid === action.uuid && text.property === 'quick_replies')?.base).toEqual(['Yes', 'No']);
    // The rule's words and the category names are translatable too (switch routers localize them).
    const router = flow.nodes[0]!.router as SwitchRouter;
    expect(texts.some((text) => text.itemUuid === router.cases[0]!.uuid && text.property === 'arguments')).toBe(true);
    expect(texts.filter((text) => text.property === 'name').map((text) => text.base[0])).toEqual(router.categories.map((category) => category.name));
    // An action type without localizable fields contributes nothing.
    expect(texts.every((text) => text.property !== 'value')).toBe(true);
  });

  it('adds a language, counts progress and stores translations the RapidPro way', () => {
    let flow = addLanguage(askFlow(), 'fra');
    expect(flowLanguages(flow)).toEqual(['eng', 'fra']);
    const total = translatableTexts(flow).length;
    expect(translationProgress(flow, 'fra')).toEqual({ done: 0, total, percent: 0 });
    const action = flow.nodes[0]!.actions[0]!;
    flow = setTranslation(flow, 'fra', action.uuid, 'text', ['Avez-vous vacciné aujourd’hui ?']);
    expect(flow.localization!.fra![action.uuid]).toEqual({ text: ['Avez-vous vacciné aujourd’hui ?'] });
    expect(translationProgress(flow, 'fra').done).toBe(1);
    // Half a list of quick replies is not done yet.
    flow = setTranslation(flow, 'fra', action.uuid, 'quick_replies', ['Oui', '']);
    expect(translationProgress(flow, 'fra').done).toBe(1);
    flow = setTranslation(flow, 'fra', action.uuid, 'quick_replies', ['Oui', 'Non']);
    expect(translationProgress(flow, 'fra')).toMatchObject({ done: 2, percent: Math.floor((2 / total) * 100) });
    // Clearing every text removes the property, and the item once empty.
    flow = setTranslation(flow, 'fra', action.uuid, 'text', ['']);
    flow = setTranslation(flow, 'fra', action.uuid, 'quick_replies', ['', '']);
    expect(flow.localization!.fra).toEqual({});
    // The engine reads the result as a valid flow, and missing translations are reported per language.
    expect(readFlow(structuredClone(flow)).flow).not.toBeNull();
    const baseTexts = translatableTexts(flow).reduce((sum, text) => sum + text.base.length, 0);
    expect(liveIssues(flow).filter((issue) => issue.code === 'missing_translation').length).toBe(baseTexts);
    expect(removeLanguage(flow, 'fra').localization).toEqual({});
  });

  it('does not count numbers (rule arguments, number-range categories) as missing, though they stay translatable', () => {
    let ask = addCase(create('ask'), 'has_number_between', ['0', '10']);
    ask = addCase(ask, 'has_any_word', ['yes']);
    ask.actions[0]!.text = 'How many children did you vaccinate?';
    const router = ask.router as SwitchRouter;
    router.categories[0]!.name = '0-10';
    router.categories[1]!.name = 'Yes';
    let flow = addLanguage(addNode(emptyFlow(), ask, { x: 0, y: 0 }), 'fra');
    const texts = translatableTexts(flow);
    const numbers = router.cases[0]!;
    const words = router.cases[1]!;
    // Listed (a translator may still write them), but optional.
    expect(texts.find((text) => text.itemUuid === numbers.uuid)).toMatchObject({ base: ['0', '10'], optional: true });
    expect(texts.find((text) => text.itemUuid === router.categories[0]!.uuid)).toMatchObject({ base: ['0-10'], optional: true });
    expect(texts.find((text) => text.itemUuid === words.uuid)?.optional).toBeUndefined();
    expect(texts.find((text) => text.itemUuid === router.categories[1]!.uuid)?.optional).toBeUndefined();
    const required = texts.filter((text) => !text.optional);
    expect(translationProgress(flow, 'fra')).toEqual({ done: 0, total: required.length, percent: 0 });
    // No warning for the numbers; one per other text.
    const missing = liveIssues(flow).filter((issue) => issue.code === 'missing_translation');
    expect(missing.some((issue) => issue.path?.includes('cases[0].arguments') || issue.path?.endsWith('categories[0].name'))).toBe(false);
    expect(missing.length).toBe(required.reduce((sum, text) => sum + text.base.length, 0));
    // Translating a number anyway changes nothing to the count; translating the rest completes it.
    flow = setTranslation(flow, 'fra', numbers.uuid, 'arguments', ['0', '10']);
    expect(translationProgress(flow, 'fra').done).toBe(0);
    for (const text of required) flow = setTranslation(flow, 'fra', text.itemUuid, text.property, text.base.map((base) => `${base} (fr)`));
    expect(translationProgress(flow, 'fra')).toEqual({ done: required.length, total: required.length, percent: 100 });
    expect(liveIssues(flow).filter((issue) => issue.code === 'missing_translation')).toEqual([]);
  });

  it('tells numbers and number ranges from words', () => {
    const neutral = (property: string, base: string[], kind: 'case' | 'category' | 'action') => isLanguageNeutral({ property, base }, kind);
    expect(neutral('arguments', ['0', '10'], 'case')).toBe(true);
    expect(neutral('arguments', ['-2.5', '1,5', '1 000'], 'case')).toBe(true);
    expect(neutral('arguments', ['1', 'yes'], 'case')).toBe(false);
    expect(neutral('arguments', ['10 20'], 'case')).toBe(false);
    for (const name of ['18-45', '0 – 4', '60+', '< 5', '>= 60', '10..20', '7']) expect(neutral('name', [name], 'category')).toBe(true);
    for (const name of ['10 to 20', 'Under 5', 'Other', '5 ans']) expect(neutral('name', [name], 'category')).toBe(false);
    // Only rule arguments and category names: a message that is a number is still a message.
    expect(neutral('text', ['10'], 'action')).toBe(false);
    expect(neutral('arguments', [' ', ''], 'case')).toBe(false);
  });

  it('refuses a language code that is not ISO 639-3 and the base language as a target', () => {
    expect(() => addLanguage(askFlow(), 'french')).toThrow(/ISO 639-3/);
    expect(addLanguage(askFlow(), 'eng').localization).toEqual({});
    expect(() => setTranslation(askFlow(), 'eng', 'x', 'text', ['a'])).toThrow(/base language/);
  });
});

describe('WhatsApp 24-hour window', () => {
  /** ask (timeout `first` s) → on no reply: ask again (timeout `second` s) → on no reply: send. */
  function chain(first: number, second: number | null): { flow: Flow; send: FlowNode; ask2: FlowNode } {
    const ask1 = setWaitTimeout(create('ask'), first);
    ask1.actions[0]!.text = 'Did you receive the stock?';
    let flow = addNode(emptyFlow(), ask1, { x: 0, y: 0 });
    const noReply = (node: FlowNode) => {
      const router = node.router as SwitchRouter;
      const category = router.categories.find((item) => item.uuid === (router.wait as { timeout?: { category_uuid: string } }).timeout?.category_uuid)!;
      return category.exit_uuid;
    };
    const ask2 = second === null ? create('ask') : setWaitTimeout(create('ask'), second);
    ask2.actions[0]!.text = 'Reminder: did you receive it?';
    flow = addNode(flow, ask2, { x: 0, y: 200 }, { exitUuid: noReply(ask1) });
    const send = create('send_msg');
    send.actions[0]!.text = 'We will call you.';
    if (second !== null) flow = addNode(flow, send, { x: 0, y: 400 }, { exitUuid: noReply(ask2) });
    else flow = addNode(flow, send, { x: 0, y: 400 }, { exitUuid: ask2.exits[0]!.uuid });
    return { flow, send, ask2 };
  }

  it('warns about a message sent after timeouts adding up to more than 24 hours', () => {
    const { flow, send } = chain(16 * 3600, 10 * 3600);
    const issues = whatsappWindowIssues(flow);
    expect(issues.map((issue) => issue.nodeUuid)).toEqual([send.uuid]);
    expect(issues[0]).toMatchObject({ severity: 'warning', code: 'whatsapp_24h' });
    expect(issues[0]!.message).toContain('at least 26 h');
    // …listed by the live panel, which does not block publishing for it.
    expect(liveIssues(flow).some((issue) => issue.code === 'whatsapp_24h' && issue.nodeUuid === send.uuid)).toBe(true);
  });

  it('warns about a reminder after a wait of more than a day, not within the window or after a reply', () => {
    const long = chain(2 * 86400, null);
    expect(whatsappWindowIssues(long.flow).map((issue) => issue.nodeUuid)).toEqual([long.ask2.uuid]);
    expect(whatsappWindowIssues(long.flow)[0]!.message).toContain('at least 2 d');
    // 16 h + 6 h stays inside the window.
    expect(whatsappWindowIssues(chain(16 * 3600, 6 * 3600).flow)).toEqual([]);
    // After a reply (ask2 has no timeout, send follows its answer): a new window, no warning for the send.
    expect(whatsappWindowIssues(chain(3600, null).flow)).toEqual([]);
  });

  it('allows approved templates outside the window', () => {
    const { flow, send } = chain(2 * 86400, 3600);
    const templated = structuredClone(flow);
    templated.nodes.find((node) => node.uuid === send.uuid)!.actions[0]!.template = { uuid: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'stock_reminder' };
    templated.nodes[1]!.actions[0]!.template = { uuid: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'stock_reminder_2' };
    expect(whatsappWindowIssues(templated)).toEqual([]);
  });
});

describe('sticky notes', () => {
  const id = '5c1f9a7e-8d2b-4c3a-9e1f-2a3b4c5d6e7f';

  it('adds, edits, moves and deletes notes in _ui.stickies, leaving steps alone', () => {
    const send = create('send_msg');
    send.actions[0]!.text = 'Hello';
    const base = addNode(emptyFlow(), send, { x: 0, y: 0 });
    expect(readFlow(structuredClone(base)).flow).not.toBeNull();
    let flow = addSticky(base, { x: 10.4, y: 20.6 }, id, { title: 'To check' });
    expect((flow._ui as { stickies: unknown }).stickies).toEqual({ [id]: { position: { left: 10, top: 21 }, title: 'To check', body: '', color: 'yellow' } });
    flow = updateSticky(flow, id, { body: 'Ask the district', color: 'blue' });
    flow = moveStickies(flow, new Map([[id, { x: 300, y: 40 }], [base.nodes[0]!.uuid, { x: 999, y: 999 }]]));
    expect(stickiesOf(flow)[id]).toEqual({ position: { left: 300, top: 40 }, title: 'To check', body: 'Ask the district', color: 'blue' });
    expect(nodePosition(flow, base.nodes[0]!.uuid)).toEqual(nodePosition(base, base.nodes[0]!.uuid));
    // The engine still reads the flow (notes are UI only).
    expect(readFlow(structuredClone(flow)).flow).not.toBeNull();
    flow = deleteStickies(flow, [id, base.nodes[0]!.uuid]);
    expect(stickiesOf(flow)).toEqual({});
    expect(flow.nodes).toHaveLength(1);
    expect(() => updateSticky(flow, id, { title: 'x' })).toThrow(/no note/);
  });

  it('reads notes of RapidPro exports leniently', () => {
    const flow = { ...emptyFlow(), _ui: { stickies: { [id]: { position: { left: 5, top: 6 }, title: 'Imported', body: 'Text', color: 'orange' } } } };
    expect(stickiesOf(flow)[id]).toEqual({ position: { left: 5, top: 6 }, title: 'Imported', body: 'Text', color: 'yellow' });
  });
});
