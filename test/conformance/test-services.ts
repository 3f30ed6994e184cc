/**
 * goflow-like test services for conformance runs: a clock starting at goflow's test time that advances
 * one second per reading, seeded UUIDs, a seeded random source, and HTTP answered from a case's mocks.
 *
 *   const services = makeTestServices(caseFile.http_mocks);
 */
import type { HttpRequest, Services } from '../../runtime/services.js';
import type { TracedHttpResponse } from '../../runtime/engine/webhooks.js';

/** goflow's test clock starts here and advances 1s on every reading. */
export const TEST_CLOCK_START = Date.parse('2025-05-04T12:30:45.123Z');

/** One mocked answer: goflow's httpx mock JSON. */
export interface HttpMock {
  status: number;
  body: string;
  headers?: Record<string, string>;
  body_repeat?: number;
}

export function makeTestClock(start = TEST_CLOCK_START): { now(): Date } {
  let t = start;
  return {
    now() {
      t += 1000;
      return new Date(t);
    },
  };
}

/** Seeded, time-ordered-looking UUIDs (version 7 layout) so runs are reproducible. */
export function makeSeededIds(seed = 12345): { uuid(): string } {
  let state = seed >>> 0;
  let counter = 0;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  return {
    uuid() {
      counter++;
      const hex = (n: number, w: number) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
      return `01969b47-${hex(counter, 4)}-7${hex(next(), 3)}-${hex(0x8000 | (next() & 0x3fff), 4)}-${hex(next(), 8)}${hex(next(), 4)}`;
    },
  };
}

/** Deterministic numbers in [0, 1) (mulberry32). */
export function makeSeededRandom(seed = 123456): { next(): number } {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** HTTP answered from mocks by exact URL, in order; an unmocked URL is a test failure. */
export function makeMockHttp(mocks: Record<string, HttpMock[]> | null | undefined): { fetch(r: HttpRequest): Promise<TracedHttpResponse>; unused(): string[] } {
  const queues = new Map<string, HttpMock[]>(Object.entries(mocks ?? {}).map(([url, list]) => [url, [...list]]));
  return {
    async fetch(request) {
      const queue = queues.get(request.url);
      const mock = queue?.shift();
      if (!mock) throw new Error(`no HTTP mock left for ${request.method} ${request.url}`);
      if (mock.status === 0) throw new Error('connection error (mocked)');
      const body = mock.body_repeat ? mock.body.repeat(mock.body_repeat) : mock.body;
      return { status: mock.status, headers: { ...(mock.headers ?? {}) }, body, protocol: 'HTTP/1.0' };
    },
    unused() {
      return [...queues.entries()].filter(([, q]) => q.length > 0).map(([url]) => url);
    },
  };
}

export function makeTestServices(mocks?: Record<string, HttpMock[]> | null): Services & { http: ReturnType<typeof makeMockHttp> } {
  return { clock: makeTestClock(), ids: makeSeededIds(), random: makeSeededRandom(), http: makeMockHttp(mocks) };
}
