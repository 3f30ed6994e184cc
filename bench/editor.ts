/**
 * Editor benchmark (`npm run bench -- editor`): a 300-step flow imported as a RapidPro export, opened in
 * Debian's Chromium (headless) against a real Kiunga server. One JSON line per figure on stdout (see
 * /work/shared/BENCH.md); progress on stderr.
 *
 *   big_flow_first_paint     page load of #/flows/<id> → the first step card painted (ms, target < 2000)
 *   big_flow_all_steps       page load → every step card in the document (ms, informative)
 *   big_flow_pan_fps         frames per second while the canvas is dragged for ~1.5 s (per_s, target ≥ 30)
 *   big_flow_pan_long_frames share of frames longer than 50 ms during the pan (ratio, target ≤ 0.05)
 *
 * Each figure is the median of BENCH_REPEAT (default 5) fresh page loads. BENCH_EDITOR_NODES changes the size.
 *
 * Example: `npm run bench -- editor` → `{"suite":"editor","name":"big_flow_first_paint","value":840,"unit":"ms",…}`
 */
import type { Page } from 'playwright-core';
import { buildWebOnce, removeBuiltWeb } from '../test/e2e/support/build-web.js';
import { chromiumMissingReason, launchChromium } from '../test/e2e/support/chromium.js';
import { startTestServer, TEST_ADMIN } from '../test/e2e/support/test-server.js';
import { bigFlowExport } from './support/big-flow.js';

const NODES = Number(process.env.BENCH_EDITOR_NODES ?? 300);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

function log(text: string): void {
  process.stderr.write(`[editor] ${text}\n`);
}

function emit(figure: { name: string; value: number; unit: string; target: string; ok: boolean; detail: Record<string, unknown> }): void {
  process.stdout.write(`${JSON.stringify({ suite: 'editor', ...figure })}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Calls a tRPC procedure over HTTP with the page's cookies (the same request the web client makes). */
async function call<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(new URL(`/trpc/${procedure}`, page.url()).href, { data: input, headers: { 'x-kiunga-csrf': '1' } });
  const body = (await response.json()) as { result?: { data: T }; error?: { message: string } };
  if (!response.ok() || !body.result) throw new Error(`${procedure} failed: ${body.error?.message ?? response.status()}`);
  return body.result.data;
}

/**
 * Installed before the app's scripts on every load: records (against the page's own clock, which starts
 * at navigation) when the first step card is in the document and when all of them are. The page's CSP
 * forbids evaluating strings, and tsx wraps named inner functions with a helper the page lacks: so these
 * in-page functions are plain functions with anonymous callbacks only.
 */
function paintProbe(expected: number): void {
  const marks = { first: -1, all: -1 };
  (window as unknown as { __kiungaMarks: typeof marks }).__kiungaMarks = marks;
  // React commits a render in one go and the browser paints it in the same frame.
  new MutationObserver(() => {
    const count = document.querySelectorAll('.step-card').length;
    if (count > 0 && marks.first < 0) marks.first = performance.now();
    if (count >= expected && marks.all < 0) marks.all = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

function allPainted(): boolean {
  const marks = (window as unknown as { __kiungaMarks?: { all: number } }).__kiungaMarks;
  return marks !== undefined && marks.all > 0;
}

function readMarks(): { first: number; all: number } {
  return (window as unknown as { __kiungaMarks: { first: number; all: number } }).__kiungaMarks;
}

function startFrameCounter(): void {
  const state = { frames: [] as number[], running: true, tick: null as unknown as FrameRequestCallback };
  (window as unknown as { __kiungaPan: typeof state }).__kiungaPan = state;
  // A member assignment: no function name for tsx to wrap.
  state.tick = (time: number) => {
    state.frames.push(time);
    if (state.running) requestAnimationFrame(state.tick);
  };
  requestAnimationFrame(state.tick);
}

function stopFrameCounter(): number[] {
  const state = (window as unknown as { __kiungaPan: { frames: number[]; running: boolean } }).__kiungaPan;
  state.running = false;
  return state.frames;
}

/** Drags the empty canvas for ~1.5 s while counting animation frames in the page. */
async function measurePan(page: Page): Promise<{ fps: number; longFrameShare: number; frames: number }> {
  const pane = page.locator('.react-flow__pane');
  const box = await pane.boundingBox();
  if (!box) throw new Error('canvas pane not visible');
  await page.evaluate(startFrameCounter);
  const startX = box.x + box.width * 0.8;
  const startY = box.y + box.height * 0.8;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  const steps = 90;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(startX - (i * box.width * 0.6) / steps, startY - (i * box.height * 0.6) / steps);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const frames = await page.evaluate(stopFrameCounter);
  const intervals = frames.slice(1).map((time, i) => time - frames[i]!);
  const elapsed = frames[frames.length - 1]! - frames[0]!;
  return {
    fps: elapsed > 0 ? ((frames.length - 1) * 1000) / elapsed : 0,
    longFrameShare: intervals.length ? intervals.filter((interval) => interval > 50).length / intervals.length : 1,
    frames: frames.length,
  };
}

export default async function main(): Promise<void> {
  const missing = chromiumMissingReason();
  if (missing) throw new Error(missing);
  log(`building the web app and starting a server`);
  const webRoot = await buildWebOnce();
  const server = await startTestServer(webRoot);
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(server.url);
    await call(page, 'auth.login', { email: TEST_ADMIN.email, password: TEST_ADMIN.password });
    const outcome = await call<{ ok: boolean; flows: { id: string }[]; issues: unknown[] }>(page, 'flows.import', { file: bigFlowExport(NODES), publish: true });
    if (!outcome.ok || !outcome.flows[0]) throw new Error(`import failed: ${JSON.stringify(outcome.issues).slice(0, 500)}`);
    const flowUrl = `${server.url}/#/flows/${outcome.flows[0].id}`;
    log(`imported a ${NODES}-step flow; opening it ${REPEAT} times`);

    const firstPaints: number[] = [];
    const allSteps: number[] = [];
    const fps: number[] = [];
    const longShares: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const tab = await browser.context.newPage();
      const pageErrors: string[] = [];
      tab.on('pageerror', (error) => pageErrors.push(error.message));
      await tab.bringToFront(); // background tabs get no animation frames
      await tab.addInitScript(paintProbe, NODES);
      await tab.goto(flowUrl);
      try {
        await tab.waitForFunction(allPainted, null, { timeout: 60_000 });
      } catch (error) {
        const cards = await tab.locator('.step-card').count();
        const text = (await tab.locator('main').innerText().catch(() => '')).slice(0, 300);
        throw new Error(`the flow did not open with ${NODES} step cards within 60 s (${cards} in the page; page says: ${text}; page errors: ${pageErrors.join(' | ') || 'none'})`, { cause: error });
      }
      const marks = await tab.evaluate(readMarks);
      await tab.waitForTimeout(500); // let fit-view settle before panning
      const pan = await measurePan(tab);
      firstPaints.push(marks.first);
      allSteps.push(marks.all);
      fps.push(pan.fps);
      longShares.push(pan.longFrameShare);
      log(`run ${i + 1}: first paint ${marks.first.toFixed(0)} ms, all steps ${marks.all.toFixed(0)} ms, pan ${pan.fps.toFixed(1)} fps (${pan.frames} frames)`);
      await tab.close();
    }

    const detail = { nodes: NODES, repeat: REPEAT, browser: 'Debian Chromium, headless, --disable-gpu' };
    const firstPaint = median(firstPaints);
    emit({ name: 'big_flow_first_paint', value: Math.round(firstPaint), unit: 'ms', target: '<2000', ok: firstPaint < 2000, detail: { ...detail, runs_ms: firstPaints.map(Math.round) } });
    const all = median(allSteps);
    emit({ name: 'big_flow_all_steps', value: Math.round(all), unit: 'ms', target: 'informative', ok: true, detail: { ...detail, runs_ms: allSteps.map(Math.round) } });
    const panFps = median(fps);
    emit({ name: 'big_flow_pan_fps', value: Math.round(panFps * 10) / 10, unit: 'per_s', target: '>=30', ok: panFps >= 30, detail: { ...detail, runs: fps.map((v) => Math.round(v * 10) / 10) } });
    const longShare = median(longShares);
    emit({ name: 'big_flow_pan_long_frames', value: Math.round(longShare * 1000) / 1000, unit: 'ratio', target: '<=0.05', ok: longShare <= 0.05, detail });
  } finally {
    await browser.close();
    await server.close();
    await removeBuiltWeb();
  }
}
