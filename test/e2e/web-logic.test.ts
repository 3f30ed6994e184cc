/**
 * The web app's logic without a browser: the translation catalogs are complete and consistent, a flow
 * becomes the right cards and arrows, the simulator's answers become the right chat lines and path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogs, duplicateKeys } from '../../web/i18n/catalogs.js';
const en = catalogs.en;
const fr = catalogs.fr;
import type { Flow } from '../../runtime/definition/types.js';
import { cardExits, flowToGraph, highlightFromSegments } from '../../web/editor/canvas/flow-graph.js';
import { describeAction, describeCase, describeOperand, describeRouter, formatDuration } from '../../web/editor/canvas/describe-step.js';
import { pendingQuickReplies, transcriptEntries } from '../../web/editor/panels/simulator-transcript.js';
import { TRPCClientError } from '@trpc/client';
import { errorMessage, flowIssuesOf } from '../../web/api/error-message.js';
import { languageName } from '../../web/flows/flow-languages.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/rapidpro-fever-check.json'), 'utf8')) as { flows: Flow[] };
const fever = fixture.flows[0];

type Catalog = { [key: string]: string | Catalog };

/** Every leaf key as a dotted path, plural suffixes removed: "issues.title_one" → "issues.title". */
function leafKeys(catalog: Catalog, prefix = ''): Set<string> {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(catalog)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.add(dotted.replace(/_(zero|one|two|few|many|other)$/, ''));
    else for (const nested of leafKeys(value, dotted)) keys.add(nested);
  }
  return keys;
}

function leafValues(catalog: Catalog): string[] {
  return Object.values(catalog).flatMap((value) => (typeof value === 'string' ? [value] : leafValues(value)));
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('translation catalogs', () => {
  const enKeys = leafKeys(en as Catalog);
  const frKeys = leafKeys(fr as Catalog);

  it('have the same keys in English and French', () => {
    expect([...enKeys].filter((key) => !frKeys.has(key))).toEqual([]);
    expect([...frKeys].filter((key) => !enKeys.has(key))).toEqual([]);
  });

  it('define each key in one file only', () => {
    expect(duplicateKeys).toEqual([]);
  });

  it('have no empty text', () => {
    expect(leafValues(en as Catalog).filter((text) => !text.trim())).toEqual([]);
    expect(leafValues(fr as Catalog).filter((text) => !text.trim())).toEqual([]);
  });

  it('contain every key the components ask for by name', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(repoRoot, 'web'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((key) => !enKeys.has(key))).toEqual([]);
  });

  it('contain every key the components build from a value', () => {
    const families: Record<string, readonly string[]> = {
      'flows.status': ['draft', 'published', 'changed'],
      flowTypes: ['messaging', 'messaging_background', 'messaging_offline', 'voice'],
      'flow.tabs': ['canvas', 'json'],
      'language.names': ['en', 'fr'],
      'contacts.status': ['active', 'blocked', 'stopped', 'archived'],
      'contacts.statusPlural': ['active', 'blocked', 'stopped', 'archived'],
      'simulator.status': ['idle', 'waiting', 'active', 'completed', 'interrupted', 'expired', 'failed'],
    };
    const missing = Object.entries(families).flatMap(([prefix, names]) => names.map((name) => `${prefix}.${name}`)).filter((key) => !enKeys.has(key));
    expect(missing).toEqual([]);
  });

  it('give French plurals a form for "many"', () => {
    const frFlat = JSON.stringify(fr);
    const onesWithoutMany = [...frFlat.matchAll(/"([a-zA-Z]+)_one"/g)].map((m) => m[1]).filter((key) => !frFlat.includes(`"${key}_many"`));
    expect(onesWithoutMany).toEqual([]);
  });
});

describe('plain-words descriptions', () => {
  let t: TFunction;
  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
    t = instance.t;
  });

  it('names actions, keeping the content', () => {
    expect(describeAction({ uuid: 'a', type: 'send_msg', text: 'Hi', quick_replies: ['Yes', 'No'] }, t)).toEqual({ title: 'Send a message', detail: 'Hi', chips: ['Yes', 'No'] });
    expect(describeAction({ uuid: 'a', type: 'set_run_result', name: 'Age', value: '@input.text' }, t)).toEqual({ title: 'Save a result', detail: 'Age: @input.text' });
    expect(describeAction({ uuid: 'a', type: 'add_contact_groups', groups: [{ uuid: 'g', name: 'Nurses' }] }, t).detail).toBe('Nurses');
    expect(describeAction({ uuid: 'a', type: 'acme_custom' }, t).title).toBe('Action “acme_custom”');
  });

  it('names routers, operands, cases and durations', () => {
    expect(describeRouter(fever.nodes[1].router!, t)).toEqual({ title: 'Wait for the reply', detail: 'Saved as “Fever”' });
    expect(describeRouter({ type: 'switch', operand: '@fields.district', cases: [], categories: [] }, t).title).toBe('Split by contact field “district”');
    expect(describeRouter({ type: 'random', categories: [] }, t).title).toBe('Split randomly');
    expect(describeOperand('@(webhook.status)', t)).toBe("the web service's answer");
    expect(describeCase({ uuid: 'c', type: 'has_number_between', arguments: ['1', '10'], category_uuid: 'x' }, t)).toBe('has a number between 1 and 10');
    expect(describeCase({ uuid: 'c', type: 'has_mystery', arguments: ['a'], category_uuid: 'x' }, t)).toBe('has_mystery a');
    expect(formatDuration(300, t)).toBe('5 minutes');
    expect(formatDuration(86400, t)).toBe('1 day');
    expect(formatDuration(45, t)).toBe('45 seconds');
  });
});

describe('flow to canvas', () => {
  it('makes one card per node and one arrow per connected exit, laid out top to bottom', () => {
    const { nodes, edges } = flowToGraph(fever);
    expect(nodes.map((node) => node.id)).toEqual(fever.nodes.map((node) => node.uuid));
    expect(edges).toHaveLength(5); // 1 from the first node, 4 from the question (one loops back)
    const [first, question, yes, no] = nodes;
    expect(first.position.y).toBeLessThan(question.position.y);
    expect(question.position.y).toBeLessThan(yes.position.y);
    expect(yes.position.x).not.toBe(no.position.x);
    expect(nodes[0].data.isStart).toBe(true);
    // "Other" asks the question again: drawn round the card, not through it.
    const other = fever.nodes[1].exits[2];
    expect(edges.find((edge) => edge.id === other.uuid)?.type).toBe('loop');
    expect(edges.filter((edge) => edge.type === 'loop')).toHaveLength(1);
  });

  it('uses the saved editor positions when every node has one', () => {
    const ui = { nodes: Object.fromEntries(fever.nodes.map((node, index) => [node.uuid, { position: { left: index * 10, top: index * 300 } }])) };
    const { nodes } = flowToGraph({ ...fever, _ui: ui });
    expect(nodes.map((node) => node.position)).toEqual(fever.nodes.map((_, index) => ({ x: index * 10, y: index * 300 })));
  });

  it('gives each category its exit, grouping categories that share one', () => {
    expect(cardExits(fever.nodes[1]).map((exit) => exit.labels)).toEqual([['Yes'], ['No'], ['Other'], ['No Response']]);
    const shared = structuredClone(fever.nodes[1]);
    shared.router!.categories[1].exit_uuid = shared.router!.categories[0].exit_uuid;
    expect(cardExits(shared).map((exit) => exit.labels)).toEqual([['Yes', 'No'], ['Other'], ['No Response']]);
    expect(cardExits(fever.nodes[2])).toEqual([{ exitUuid: fever.nodes[2].exits[0].uuid, labels: [], categoryUuids: [], connected: false }]);
  });

  it('highlights the path taken and where the contact waits', () => {
    const [first, question] = fever.nodes;
    const segment = { node_uuid: first.uuid, exit_uuid: first.exits[0].uuid, destination_uuid: question.uuid };
    const waiting = highlightFromSegments([segment], first.uuid, true);
    expect(waiting.currentNode).toBe(question.uuid);
    expect([...waiting.visitedNodes]).toEqual([first.uuid, question.uuid]);
    expect(highlightFromSegments([], first.uuid, true).currentNode).toBe(first.uuid);
    expect(highlightFromSegments([segment], first.uuid, false).currentNode).toBeNull();
    const { nodes, edges } = flowToGraph(fever, waiting);
    expect(nodes.find((node) => node.id === question.uuid)?.data.current).toBe(true);
    expect(edges.filter((edge) => edge.className === 'edge-taken').map((edge) => edge.id)).toEqual([first.exits[0].uuid]);
  });
});

describe('simulator transcript', () => {
  let t: TFunction;
  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
    t = instance.t;
  });

  it('turns events into chat lines and notes', () => {
    const entries = transcriptEntries(
      [
        { type: 'run_started' },
        { type: 'msg_created', msg: { text: 'Fever?', quick_replies: ['Yes', { text: 'No' }] } },
        { type: 'msg_wait' },
        { type: 'msg_received', msg: { text: 'yes' } },
        { type: 'run_result_changed', name: 'Fever', value: 'yes', category: 'Yes' },
        { type: 'run_result_changed', name: 'Fever', value: '', category: 'No Response' },
        { type: 'contact_groups_changed', groups_added: [{ name: 'Sick' }] },
        { type: 'error', text: 'bad expression' },
      ],
      t,
    );
    expect(entries).toEqual([
      { kind: 'out', text: 'Fever?', quickReplies: ['Yes', 'No'], attachments: [] },
      { kind: 'in', text: 'yes' },
      { kind: 'note', tone: 'info', text: 'Saved “Fever”: yes (Yes)' },
      { kind: 'note', tone: 'info', text: 'Saved “Fever”: No Response' },
      { kind: 'note', tone: 'info', text: 'Added to Sick' },
      { kind: 'note', tone: 'error', text: 'Problem: bad expression' },
    ]);
  });

  it('offers the last message quick replies until the contact answers', () => {
    const asked = [{ kind: 'out' as const, text: 'Fever?', quickReplies: ['Yes', 'No'], attachments: [] }];
    expect(pendingQuickReplies(asked)).toEqual(['Yes', 'No']);
    expect(pendingQuickReplies([...asked, { kind: 'in' as const, text: 'yes' }])).toEqual([]);
    expect(pendingQuickReplies([...asked, { kind: 'note' as const, tone: 'info' as const, text: 'x' }])).toEqual(['Yes', 'No']);
  });
});

describe('error messages', () => {
  let t: TFunction;
  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false });
    t = instance.t;
  });

  /** A tRPC error as the client builds it from the server's answer. */
  function serverError(message: string, data: Record<string, unknown>): TRPCClientError<never> {
    return new TRPCClientError(message, { result: { error: { message, code: -32600, data } } as never });
  }

  it('gives each server error code its own sentence', () => {
    expect(errorMessage(serverError('Log in', { code: 'UNAUTHORIZED' }), t)).toBe('Your session has ended. Please sign in again.');
    expect(errorMessage(serverError('slow down', { code: 'TOO_MANY_REQUESTS' }), t)).toBe('Too many attempts. Please wait a few minutes and try again.');
    expect(errorMessage(serverError('x', { code: 'FORBIDDEN' }), t)).toContain('Your role does not allow this');
  });

  it('names the invalid fields of a rejected input', () => {
    const error = serverError('invalid', { code: 'BAD_REQUEST', zodIssues: [{ path: 'name', message: 'Too small' }, { path: '', message: 'Bad' }] });
    expect(errorMessage(error, t)).toBe('Some information is not valid: name: Too small; Bad');
    expect(errorMessage(serverError('Flow "X" has never been published.', { code: 'BAD_REQUEST' }), t)).toBe('Some information is not valid: Flow "X" has never been published.');
  });

  it('recognises a server that cannot be reached', () => {
    const offline = new TRPCClientError('fetch failed', { cause: new TypeError('fetch failed') });
    expect(errorMessage(offline, t)).toBe('The server cannot be reached. Check your connection and try again.');
  });

  it('reads the flow problems a refused publish carries', () => {
    const issue = { severity: 'error', code: 'x', path: 'nodes[0]', message: 'nodes[0]: broken' };
    expect(flowIssuesOf(serverError('Cannot publish', { code: 'BAD_REQUEST', flowIssues: [issue] }))).toEqual([issue]);
    expect(flowIssuesOf(new Error('plain'))).toEqual([]);
  });
});

describe('language names', () => {
  it('names flow languages in the interface language', () => {
    expect(languageName('fra', 'en')).toBe('French');
    expect(languageName('eng', 'fr')).toBe('Anglais');
    expect(languageName('eng', 'fr', false)).toBe('anglais');
    expect(languageName('qqq', 'en')).toBe('qqq');
  });
});
