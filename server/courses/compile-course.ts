/**
 * Compiles a course into one flow in the native format (goflow spec), with the course's first language as
 * the flow's base language and the others in `localization`. Every UUID is derived from the course id and the
 * lesson / question ids (./stable-uuid.ts), so an edited course compiles to a flow whose unchanged nodes keep
 * their UUIDs, and sessions waiting at a question resume in the new revision.
 *
 * Shape (per lesson k, 1-based):
 *   start: locals.score = 0, results Score = 0, Lessons Done = 0 (days mode: locals.enrolled_on = now)
 *   [days mode, k ≥ 2] due check: minutes until (k − 1) × days after enrolment → wait 1 day / 1 hour / 5 minutes
 *                      and check again; a message meanwhile also re-checks. Counting from enrolment means a
 *                      health worker who answers late gets the next lesson at once, not days later.
 *   lesson message (title, text, media)
 *   per question: ask → wait ("No reply after" questionTimeoutHours) → Correct (score + 1) | Incorrect |
 *                 No Response → next; Other → hint → wait again
 *   Lessons Done = k
 *   end: Outcome = Passed when results.score ≥ the pass mark's number of questions, else Failed → message.
 *
 *   const flow = compileCourse(course, flowUuid);   // then FlowStore.publish(…, { definition: flow })
 */
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import type { Action, Case, Category, Exit, Flow, FlowNode, Localization } from '../../runtime/definition/types.js';
import { builtinText, type BuiltinKey } from './builtin-texts.js';
import type { ChoiceQuestion, CourseContent, Lesson, NumberQuestion, Question, Texts } from './course-types.js';
import { stableUuid } from './stable-uuid.js';

/** What the compiler needs of a course. */
export interface CompilableCourse {
  id: string;
  title: string;
  languages: string[];
  content: CourseContent;
}

/** Result names of the compiled flow (keys: score, lessons_done, outcome, l1_q1…). */
export const COURSE_RESULTS = { score: 'Score', lessonsDone: 'Lessons Done', outcome: 'Outcome' } as const;

/** Longest flow name (goflow's limit). */
const FLOW_NAME_LIMIT = 64;
/** Messaging flows expire after at most 14 days of waiting; every wait here is shorter. */
const EXPIRE_AFTER_MINUTES = 20160;
/** The lesson is sent when it is due within this many minutes (the smallest countdown wait). */
const DUE_MARGIN_MINUTES = 5;

/** Top-level names of the expression context; an "@" before anything else is literal text and gets escaped. */
const CONTEXT_ROOTS = 'contact|fields|urns|results|run|locals|trigger|parent|child|input|globals|webhook';
const LITERAL_AT = new RegExp(`@(?!(?:${CONTEXT_ROOTS})\\b|\\()`, 'gi');

/** Trainer text → flow template: expressions like `@results.score` stay, other "@" (e-mail addresses) are escaped. */
export function toTemplate(text: string): string {
  return text.replace(LITERAL_AT, '@@');
}

/** The number of correct answers needed to pass. Example: 60 % of 5 questions → 3. */
export function minimumCorrect(passMark: number, questionCount: number): number {
  return Math.max(0, Math.ceil((passMark / 100) * questionCount - 1e-9));
}

export function courseFlowName(title: string): string {
  const name = `Course: ${title.trim()}`;
  return name.length <= FLOW_NAME_LIMIT ? name : `${name.slice(0, FLOW_NAME_LIMIT - 1)}…`;
}

/** Builds nodes and translations; one instance per compilation. */
class FlowBuilder {
  readonly nodes: FlowNode[] = [];
  readonly localization: Localization = {};
  readonly ui: Record<string, { position: { left: number; top: number }; type: string }> = {};
  private row = 0;

  constructor(private readonly courseId: string, readonly base: string, readonly others: string[], readonly questionTimeoutSeconds: number, readonly feedback: boolean) {
    for (const lang of others) this.localization[lang] = {};
  }

  uuid(...parts: string[]): string {
    return stableUuid('kiunga-course', this.courseId, ...parts);
  }

  /** Sets the translations of one item's property (languages without text are left out). */
  translate(itemUuid: string, property: string, valueFor: (lang: string) => string[] | null): void {
    for (const lang of this.others) {
      const values = valueFor(lang);
      if (!values || values.some((v) => v === '')) continue;
      (this.localization[lang]![itemUuid] ??= {})[property] = values;
    }
  }

  /** A category, with its name translated from the built-in texts. */
  category(key: string, name: BuiltinKey, exitUuid: string): Category {
    const uuid = this.uuid(key, 'category');
    this.translate(uuid, 'name', (lang) => [builtinText(lang, name)]);
    return { uuid, name: builtinText(this.base, name), exit_uuid: exitUuid };
  }

  add(node: FlowNode, column = 0): FlowNode {
    this.nodes.push(node);
    const type = node.router ? (node.router.wait ? 'wait_for_response' : 'split_by_expression') : 'execute_actions';
    this.ui[node.uuid] = { position: { left: 40 + column * 320, top: 40 + this.row * 160 }, type };
    this.row++;
    return node;
  }
}

/** Text in `lang`, falling back to the base language for the base action itself. */
function textIn(texts: Texts, lang: string): string {
  return texts[lang]?.trim() ?? '';
}

/** The lesson's message in `lang` (title, blank line, text), or '' when a text is missing. */
export function lessonMessage(lesson: Lesson, lang: string): string {
  const title = textIn(lesson.title, lang);
  const body = textIn(lesson.text, lang);
  if (!title && !body) return '';
  return toTemplate(title && body ? `${title}\n\n${body}` : title || body);
}

/** The question's message in `lang` (prompt, then numbered choices), or '' when a text is missing. */
export function questionMessage(question: Question, lang: string): string {
  const prompt = textIn(question.prompt, lang);
  if (!prompt) return '';
  if (question.kind === 'number') return toTemplate(prompt);
  const lines = question.choices.map((c, i) => `${i + 1}. ${textIn(c.text, lang)}`);
  if (question.choices.some((c) => !textIn(c.text, lang))) return '';
  return toTemplate(`${prompt}\n${lines.join('\n')}`);
}

/** Content type of a media URL for the attachment prefix (`image/jpeg:https://…`), from its extension. */
export function attachmentFor(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase() ?? '';
  const types: Record<string, string> = {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
    mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', amr: 'audio/amr', wav: 'audio/wav',
    mp4: 'video/mp4', '3gp': 'video/3gpp', pdf: 'application/pdf',
  };
  return `${types[ext] ?? 'application/octet-stream'}:${url}`;
}

export function compileCourse(course: CompilableCourse, flowUuid: string): Flow {
  const [base, ...others] = course.languages;
  if (!base) throw new Error('languages: a course needs at least one language');
  const b = new FlowBuilder(course.id, base, others, course.content.questionTimeoutHours * 3600, course.content.feedback === true);
  const { content } = course;
  const totalQuestions = content.lessons.reduce((n, l) => n + l.questions.length, 0);

  // Nodes are created in order; each step's "next" is only known once the following step exists, so steps
  // return the exits that must point at what comes next and `link` fills them in.
  let pending: Exit[] = [];
  const link = (destination: string) => {
    for (const exit of pending) exit.destination_uuid = destination;
    pending = [];
  };

  // start
  const startActions: Action[] = [
    { uuid: b.uuid('start', 'score-local'), type: 'set_run_local', local: 'score', value: '0', operation: 'set' },
    { uuid: b.uuid('start', 'score'), type: 'set_run_result', name: COURSE_RESULTS.score, value: '0' },
    { uuid: b.uuid('start', 'lessons-done'), type: 'set_run_result', name: COURSE_RESULTS.lessonsDone, value: '0' },
  ];
  if (content.spacing.mode === 'days') {
    startActions.push({ uuid: b.uuid('start', 'enrolled-on'), type: 'set_run_local', local: 'enrolled_on', value: '@(now())', operation: 'set' });
  }
  const startExit: Exit = { uuid: b.uuid('start', 'exit'), destination_uuid: null };
  b.add({ uuid: b.uuid('start'), actions: startActions, exits: [startExit] });
  pending = [startExit];

  content.lessons.forEach((lesson, index) => {
    const key = `lesson/${lesson.id}`;
    if (content.spacing.mode === 'days' && index > 0) addCountdown(b, key, index * content.spacing.days * 1440, link, (exits) => (pending = exits));
    // lesson message
    const sendUuid = b.uuid(key, 'send');
    const action: Action = { uuid: sendUuid, type: 'send_msg', text: lessonMessage(lesson, base) || lesson.id };
    if (lesson.mediaUrl) action.attachments = [attachmentFor(lesson.mediaUrl)];
    b.translate(sendUuid, 'text', (lang) => (lessonMessage(lesson, lang) ? [lessonMessage(lesson, lang)] : null));
    if (lesson.mediaUrl) b.translate(sendUuid, 'attachments', () => [attachmentFor(lesson.mediaUrl!)]);
    const lessonExit: Exit = { uuid: b.uuid(key, 'send', 'exit'), destination_uuid: null };
    const lessonNode = b.add({ uuid: b.uuid(key), actions: [action], exits: [lessonExit] });
    link(lessonNode.uuid);
    pending = [lessonExit];

    lesson.questions.forEach((question, q) => addQuestion(b, `${key}/question/${question.id}`, question, `L${index + 1} Q${q + 1}`, link, (exits) => (pending = exits)));

    const doneExit: Exit = { uuid: b.uuid(key, 'done', 'exit'), destination_uuid: null };
    const done = b.add({
      uuid: b.uuid(key, 'done'),
      actions: [{ uuid: b.uuid(key, 'done', 'result'), type: 'set_run_result', name: COURSE_RESULTS.lessonsDone, value: String(index + 1) }],
      exits: [doneExit],
    });
    link(done.uuid);
    pending = [doneExit];
  });

  // outcome
  const passExit: Exit = { uuid: b.uuid('outcome', 'passed', 'exit'), destination_uuid: null };
  const failExit: Exit = { uuid: b.uuid('outcome', 'failed', 'exit'), destination_uuid: null };
  const passed = b.category('outcome/passed', 'passed', passExit.uuid);
  const failed = b.category('outcome/failed', 'failed', failExit.uuid);
  const passCase: Case = { uuid: b.uuid('outcome', 'case'), type: 'has_number_gte', arguments: [String(minimumCorrect(content.passMark, totalQuestions))], category_uuid: passed.uuid };
  b.translate(passCase.uuid, 'arguments', () => passCase.arguments!);
  const outcome = b.add({
    uuid: b.uuid('outcome'),
    actions: [],
    router: { type: 'switch', operand: '@results.score', result_name: COURSE_RESULTS.outcome, cases: [passCase], categories: [passed, failed], default_category_uuid: failed.uuid },
    exits: [passExit, failExit],
  });
  link(outcome.uuid);
  const closing = (which: 'passed' | 'failed', texts: Texts, exit: Exit) => {
    const sendUuid = b.uuid('outcome', which, 'send');
    const node = b.add({
      uuid: b.uuid('outcome', which, 'message'),
      actions: [{ uuid: sendUuid, type: 'send_msg', text: toTemplate(textIn(texts, base)) || (which === 'passed' ? builtinText(base, 'passed') : builtinText(base, 'failed')) }],
      exits: [{ uuid: b.uuid('outcome', which, 'message', 'exit'), destination_uuid: null }],
    }, which === 'passed' ? 0 : 1);
    b.translate(sendUuid, 'text', (lang) => (textIn(texts, lang) ? [toTemplate(textIn(texts, lang))] : null));
    exit.destination_uuid = node.uuid;
  };
  closing('passed', content.completionMessage, passExit);
  closing('failed', content.failMessage, failExit);

  return {
    uuid: flowUuid,
    name: courseFlowName(course.title),
    spec_version: CURRENT_SPEC_VERSION,
    language: base,
    type: 'messaging',
    expire_after_minutes: EXPIRE_AFTER_MINUTES,
    localization: b.localization,
    nodes: b.nodes,
    _ui: { nodes: b.ui },
  };
}

/** A wait that lasts `seconds` (or until any message) and then goes back to `checkUuid`. */
function countdownWait(b: FlowBuilder, key: string, seconds: number, checkUuid: string): FlowNode {
  const exit: Exit = { uuid: b.uuid(key, 'exit'), destination_uuid: checkUuid };
  const message = b.category(`${key}/message`, 'message', exit.uuid);
  const timeUp = b.category(`${key}/time-up`, 'timeUp', exit.uuid);
  return {
    uuid: b.uuid(key),
    actions: [],
    router: {
      type: 'switch', operand: '@input.text', cases: [], categories: [message, timeUp], default_category_uuid: message.uuid,
      wait: { type: 'msg', timeout: { seconds, category_uuid: timeUp.uuid } },
    },
    exits: [exit],
  };
}

/**
 * Holds the contact until `dueMinutes` after enrolment: a check node computes the minutes left and waits one
 * day, one hour or five minutes before checking again (so a 3-day gap costs about 3 + 23 + 11 timer fires,
 * whatever the gap). If the clock cannot be read (no enrolment time), the lesson is sent rather than held.
 */
function addCountdown(b: FlowBuilder, lessonKey: string, dueMinutes: number, link: (to: string) => void, setPending: (exits: Exit[]) => void): void {
  const key = `${lessonKey}/due`;
  const checkUuid = b.uuid(key);
  const dueExit: Exit = { uuid: b.uuid(key, 'due', 'exit'), destination_uuid: null };
  const waits = [
    { name: 'days' as const, seconds: 86_400, atLeast: 1440 },
    { name: 'hours' as const, seconds: 3600, atLeast: 60 },
    { name: 'minutes' as const, seconds: DUE_MARGIN_MINUTES * 60, atLeast: 0 },
  ].map((w) => ({ ...w, node: countdownWait(b, `${key}/wait-${w.name}`, w.seconds, checkUuid) }));
  const waitExits = waits.map((w) => ({ uuid: b.uuid(key, w.name, 'exit'), destination_uuid: w.node.uuid }));
  const due = b.category(`${key}/due`, 'due', dueExit.uuid);
  const waitCategories = waits.map((w, i) => b.category(`${key}/${w.name}`, w.name, waitExits[i]!.uuid));
  const cases: Case[] = [
    { uuid: b.uuid(key, 'error-case'), type: 'has_error', arguments: [], category_uuid: due.uuid },
    { uuid: b.uuid(key, 'due-case'), type: 'has_number_lt', arguments: [String(DUE_MARGIN_MINUTES)], category_uuid: due.uuid },
    { uuid: b.uuid(key, 'days-case'), type: 'has_number_gte', arguments: ['1440'], category_uuid: waitCategories[0]!.uuid },
    { uuid: b.uuid(key, 'hours-case'), type: 'has_number_gte', arguments: ['60'], category_uuid: waitCategories[1]!.uuid },
  ];
  for (const c of cases) if (c.arguments!.length) b.translate(c.uuid, 'arguments', () => c.arguments!);
  const check = b.add({
    uuid: checkUuid,
    actions: [],
    router: {
      type: 'switch',
      operand: `@(${dueMinutes} - datetime_diff(locals.enrolled_on, now(), "m"))`,
      cases,
      categories: [due, ...waitCategories],
      default_category_uuid: waitCategories[2]!.uuid,
    },
    exits: [dueExit, ...waitExits],
  });
  link(check.uuid);
  waits.forEach((w, i) => b.add(w.node, i + 1));
  setPending([dueExit]);
}

/** Ask → wait → score; leaves the exits that go on to the next step pending. */
function addQuestion(b: FlowBuilder, key: string, question: Question, resultName: string, link: (to: string) => void, setPending: (exits: Exit[]) => void): void {
  const { base } = b;
  // ask
  const askUuid = b.uuid(key, 'ask', 'send');
  const ask: Action = { uuid: askUuid, type: 'send_msg', text: questionMessage(question, base) || question.id };
  b.translate(askUuid, 'text', (lang) => (questionMessage(question, lang) ? [questionMessage(question, lang)] : null));
  if (question.kind === 'choice') {
    ask.quick_replies = question.choices.map((c) => textIn(c.text, base) || c.id);
    b.translate(askUuid, 'quick_replies', (lang) => question.choices.map((c) => textIn(c.text, lang)));
  }
  const askExit: Exit = { uuid: b.uuid(key, 'ask', 'exit'), destination_uuid: null };
  const askNode = b.add({ uuid: b.uuid(key, 'ask'), actions: [ask], exits: [askExit] });
  link(askNode.uuid);

  // wait and route
  const waitUuid = b.uuid(key, 'wait');
  askExit.destination_uuid = waitUuid;
  const exits = {
    correct: { uuid: b.uuid(key, 'correct', 'exit'), destination_uuid: null } as Exit,
    incorrect: { uuid: b.uuid(key, 'incorrect', 'exit'), destination_uuid: null } as Exit,
    other: { uuid: b.uuid(key, 'other', 'exit'), destination_uuid: null } as Exit,
    noResponse: { uuid: b.uuid(key, 'no-response', 'exit'), destination_uuid: null } as Exit,
  };
  const correct = b.category(`${key}/correct`, 'correct', exits.correct.uuid);
  const incorrect = b.category(`${key}/incorrect`, 'incorrect', exits.incorrect.uuid);
  const other = b.category(`${key}/other`, 'other', exits.other.uuid);
  const noResponse = b.category(`${key}/no-response`, 'noResponse', exits.noResponse.uuid);
  const cases = question.kind === 'choice' ? choiceCases(b, key, question, correct.uuid, incorrect.uuid) : numberCases(b, key, question, correct.uuid, incorrect.uuid);
  b.add({
    uuid: waitUuid,
    actions: [],
    router: {
      type: 'switch', operand: '@input.text', result_name: resultName, cases,
      categories: [correct, incorrect, other, noResponse], default_category_uuid: other.uuid,
      wait: { type: 'msg', timeout: { seconds: b.questionTimeoutSeconds, category_uuid: noResponse.uuid } },
    },
    exits: [exits.correct, exits.incorrect, exits.other, exits.noResponse],
  });

  // Other: a hint, then the same wait again
  const hintUuid = b.uuid(key, 'hint', 'send');
  const hint = (lang: string) => (question.kind === 'choice' ? builtinText(lang, 'choiceHint', { count: question.choices.length }) : builtinText(lang, 'numberHint'));
  const hintNode = b.add({
    uuid: b.uuid(key, 'hint'),
    actions: [{ uuid: hintUuid, type: 'send_msg', text: hint(base) }],
    exits: [{ uuid: b.uuid(key, 'hint', 'exit'), destination_uuid: waitUuid }],
  }, 1);
  b.translate(hintUuid, 'text', (lang) => [hint(lang)]);
  exits.other.destination_uuid = hintNode.uuid;

  // Correct: one more point (and "Correct!" with feedback on)
  const scoreExit: Exit = { uuid: b.uuid(key, 'score', 'exit'), destination_uuid: null };
  const scoreActions: Action[] = [
    { uuid: b.uuid(key, 'score', 'local'), type: 'set_run_local', local: 'score', value: '1', operation: 'increment' },
    { uuid: b.uuid(key, 'score', 'result'), type: 'set_run_result', name: COURSE_RESULTS.score, value: '@locals.score' },
  ];
  if (b.feedback) {
    const wellDoneUuid = b.uuid(key, 'score', 'feedback');
    scoreActions.push({ uuid: wellDoneUuid, type: 'send_msg', text: builtinText(base, 'wellDone') });
    b.translate(wellDoneUuid, 'text', (lang) => [builtinText(lang, 'wellDone')]);
  }
  const scoreNode = b.add({ uuid: b.uuid(key, 'score'), actions: scoreActions, exits: [scoreExit] }, 1);
  exits.correct.destination_uuid = scoreNode.uuid;
  if (!b.feedback) {
    setPending([scoreExit, exits.incorrect, exits.noResponse]);
    return;
  }
  // Incorrect or no reply: the right answer
  const answerUuid = b.uuid(key, 'answer', 'send');
  const answerText = (lang: string) => {
    const answer = rightAnswerText(question, lang);
    return answer ? builtinText(lang, 'rightAnswer', { answer: toTemplate(answer) }) : '';
  };
  const answerExit: Exit = { uuid: b.uuid(key, 'answer', 'exit'), destination_uuid: null };
  const answerNode = b.add({
    uuid: b.uuid(key, 'answer'),
    actions: [{ uuid: answerUuid, type: 'send_msg', text: answerText(base) || builtinText(base, 'incorrect') }],
    exits: [answerExit],
  }, 2);
  b.translate(answerUuid, 'text', (lang) => (answerText(lang) ? [answerText(lang)] : null));
  exits.incorrect.destination_uuid = answerNode.uuid;
  exits.noResponse.destination_uuid = answerNode.uuid;
  setPending([scoreExit, answerExit]);
}

/** The right answer as told to a health worker: "2. An RDT", or "3" / "37.5 (± 0.5)" for numbers; '' when a text is missing. */
export function rightAnswerText(question: Question, lang: string): string {
  if (question.kind === 'number') return question.tolerance > 0 ? `${question.answer} (± ${question.tolerance})` : String(question.answer);
  const index = question.choices.findIndex((c) => c.id === question.correctChoiceId);
  const text = index >= 0 ? textIn(question.choices[index]!.text, lang) : '';
  return text ? `${index + 1}. ${text}` : '';
}

function choiceCases(b: FlowBuilder, key: string, question: ChoiceQuestion, correctUuid: string, incorrectUuid: string): Case[] {
  const cases: Case[] = [];
  const right = question.choices.findIndex((c) => c.id === question.correctChoiceId);
  const addCase = (id: string, type: string, args: string[], categoryUuid: string, translated?: (lang: string) => string[] | null) => {
    const uuid = b.uuid(key, 'case', id);
    cases.push({ uuid, type, arguments: args, category_uuid: categoryUuid });
    b.translate(uuid, 'arguments', translated ?? (() => args));
  };
  addCase('right-number', 'has_number_eq', [String(right + 1)], correctUuid);
  const rightChoice = question.choices[right]!;
  addCase(`choice/${rightChoice.id}`, 'has_only_phrase', [textIn(rightChoice.text, b.base) || rightChoice.id], correctUuid, (lang) => (textIn(rightChoice.text, lang) ? [textIn(rightChoice.text, lang)] : null));
  addCase('other-number', 'has_number_between', ['1', String(question.choices.length)], incorrectUuid);
  for (const choice of question.choices) {
    if (choice.id === rightChoice.id) continue;
    addCase(`choice/${choice.id}`, 'has_only_phrase', [textIn(choice.text, b.base) || choice.id], incorrectUuid, (lang) => (textIn(choice.text, lang) ? [textIn(choice.text, lang)] : null));
  }
  return cases;
}

function numberCases(b: FlowBuilder, key: string, question: NumberQuestion, correctUuid: string, incorrectUuid: string): Case[] {
  const right: Case = question.tolerance > 0
    ? { uuid: b.uuid(key, 'case', 'right'), type: 'has_number_between', arguments: [String(question.answer - question.tolerance), String(question.answer + question.tolerance)], category_uuid: correctUuid }
    : { uuid: b.uuid(key, 'case', 'right'), type: 'has_number_eq', arguments: [String(question.answer)], category_uuid: correctUuid };
  const wrong: Case = { uuid: b.uuid(key, 'case', 'wrong'), type: 'has_number', arguments: [], category_uuid: incorrectUuid };
  b.translate(right.uuid, 'arguments', () => right.arguments!);
  return [right, wrong];
}
