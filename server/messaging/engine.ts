/**
 * How the messaging loop reaches the flow engine (runtime/engine/index.ts), and the services it
 * gives it. The engine is loaded lazily so the server still boots while the engine is rebuilt, and
 * tests may pass another implementation of the same contract.
 *
 * Example:
 *   const engine = await loadEngine();
 *   const sprint = await engine.startSession({ assets, trigger, services: serverServices() });
 */
import { v7 as uuidv7 } from 'uuid';
import type { ResumeOptions, SprintResult, StartOptions } from '../../runtime/engine/api.js';
import type { Http, HttpRequest, HttpResponse, Services } from '../../runtime/services.js';

/** The two entry points of runtime/engine/index.ts. */
export interface Engine {
  startSession(options: StartOptions): Promise<SprintResult> | SprintResult;
  resumeSession(options: ResumeOptions): Promise<SprintResult> | SprintResult;
}

let loaded: Promise<Engine> | null = null;

/** The real engine (runtime/engine/index.ts), imported once. */
export function loadEngine(): Promise<Engine> {
  loaded ??= import('../../runtime/engine/index.js' as string).then((mod: Partial<Engine>) => {
    if (typeof mod.startSession !== 'function' || typeof mod.resumeSession !== 'function') {
      throw new Error('runtime/engine/index.ts must export startSession and resumeSession');
    }
    return { startSession: mod.startSession, resumeSession: mod.resumeSession };
  });
  return loaded;
}

/** Outbound HTTP for webhooks, with a timeout and a body size cap. */
export function fetchHttp(timeoutMs = 15_000, maxBodyBytes = 1_000_000): Http {
  return {
    async fetch(request: HttpRequest): Promise<HttpResponse> {
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => (headers[key] = value));
      let body = await res.text();
      if (body.length > maxBodyBytes) body = body.slice(0, maxBodyBytes);
      return { status: res.status, headers, body };
    },
  };
}

/** Production services: wall clock, UUIDv7, Math.random, real HTTP; FHIR when the server provides it. */
export function serverServices(overrides: Partial<Services> = {}): Services {
  return {
    clock: { now: () => new Date() },
    ids: { uuid: () => uuidv7() },
    random: { next: () => Math.random() },
    http: fetchHttp(),
    ...overrides,
  };
}
