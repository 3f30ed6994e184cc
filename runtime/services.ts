/**
 * The side effects the engine needs, injected by whoever runs it (server, simulator, CLI, tests).
 * The runtime never does I/O itself: everything that touches the outside world comes through here.
 */

/** Wall clock. Tests inject a fixed or ticking clock so runs are deterministic. */
export interface Clock {
  now(): Date;
}

/** Identifier source. Production uses time-ordered UUID v7; tests use a seeded sequence. */
export interface Ids {
  uuid(): string;
}

/** Deterministic randomness (random router, rand() function). Returns a number in [0, 1). */
export interface Random {
  next(): number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Outbound HTTP for call_webhook / call_resthook. Rejects on connection errors. */
export interface Http {
  fetch(request: HttpRequest): Promise<HttpResponse>;
}

export interface ClassifierResult {
  intents: { name: string; confidence: number }[];
  entities: Record<string, { value: string; confidence: number }[]>;
}

/** Natural-language classifier used by call_classifier and has_intent / has_top_intent. */
export interface Classifier {
  classify(classifierUuid: string, text: string, language: string | null): Promise<ClassifierResult>;
}

/** FHIR access for Kiunga's FHIR actions; the simulator records instead of performing. */
export interface Fhir {
  read(connection: string | null, query: string): Promise<unknown>;
  write(connection: string | null, resource: Record<string, unknown>): Promise<{ id: string; resourceType: string }>;
}

export interface Services {
  clock: Clock;
  ids: Ids;
  random: Random;
  http?: Http;
  classifier?: Classifier;
  fhir?: Fhir;
}
