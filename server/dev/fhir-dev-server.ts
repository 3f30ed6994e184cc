import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { getStatus, isOk } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle } from '@medplum/fhirtypes';
import { ensureFhirDefinitionsLoaded } from './fhir/definitions.js';
import { createFhirHttpHandler } from './fhir/http-adapter.js';
import { generateDevSeed, type DevSeed, type DevSeedOptions } from './seed/generate.js';

/**
 * Options of the local FHIR R4 server. Example: `{ port: 0, host: '127.0.0.1', seed: true }`.
 */
export interface FhirDevServerOptions {
  /** TCP port; 0 picks a free one. Default: FHIR_DEV_PORT or 8090. */
  port?: number;
  /** Default 127.0.0.1 (never exposed beyond the machine unless asked). */
  host?: string;
  /** Load the generated iHRIS-shaped seed at start. Default true. */
  seed?: boolean;
  /** Seed generator options (PRNG seed, anchor date, sizes). */
  seedOptions?: DevSeedOptions;
  /** Page size when a search has no `_count`. Default 20. */
  defaultCount?: number;
  /** Add `next` links to searchsets. Default true; false reproduces bare medplum (no links) for client tests. */
  pagingLinks?: boolean;
  /** Ignore `_offset` (with pagingLinks false: a server whose pages can only be walked by `_lastUpdated`). */
  ignoreOffset?: boolean;
}

/** A running dev server. Example: `const s = await startFhirDevServer({ port: 0 }); … await s.close();` */
export interface FhirDevServer {
  /** FHIR base URL, e.g. "http://127.0.0.1:8090/fhir". */
  url: string;
  close(): Promise<void>;
  /** The in-memory store, for tests that need to reach behind the HTTP API. */
  repo: MemoryRepository;
  /** The seed that was loaded, when `seed` was true. */
  seed?: DevSeed;
}

const BASE_PATH = '/fhir';

/** Loads a batch bundle through the router, failing loudly on the first entry that did not succeed. */
async function loadBundle(router: FhirRouter, repo: MemoryRepository, bundle: Bundle): Promise<void> {
  const [outcome, response] = await router.handleRequest(
    { method: 'POST', url: '', pathname: '', params: {}, query: {}, body: bundle, config: { transactions: false } },
    repo,
  );
  if (!isOk(outcome)) throw new Error(`loading the dev seed failed (HTTP ${getStatus(outcome)}): ${JSON.stringify(outcome.issue)}`);
  const entries = (response as Bundle).entry ?? [];
  entries.forEach((entry, i) => {
    const status = Number(entry.response?.status?.slice(0, 3));
    if (!(status >= 200 && status < 300)) {
      const request = bundle.entry?.[i]?.request;
      throw new Error(`loading the dev seed failed at ${request?.method} ${request?.url}: ${JSON.stringify(entry.response)}`);
    }
  });
}

function defaultPort(): number {
  const raw = process.env.FHIR_DEV_PORT;
  if (raw === undefined || raw === '') return 8090;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`FHIR_DEV_PORT must be an integer 0–65535, got "${raw}"`);
  return port;
}

/**
 * Starts an in-memory FHIR R4 server (@medplum/fhir-router over node:http) with Kiunga's generated
 * iHRIS-shaped registry, OpenMRS-shaped patients and lab workflows. Supports read, vread, search
 * (incl. `_lastUpdated`, `_count`, `_offset`, `_sort`), create, conditional create (If-None-Exist),
 * update, conditional update, patch, delete, history, and batch/transaction bundles (transactions are
 * processed like batches: no rollback). No `_include`, chained parameters or validation.
 *
 * Example: `const { url, close } = await startFhirDevServer({ port: 0 }); // url = http://127.0.0.1:53121/fhir`
 */
export async function startFhirDevServer(options: FhirDevServerOptions = {}): Promise<FhirDevServer> {
  ensureFhirDefinitionsLoaded();
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  let seed: DevSeed | undefined;
  if (options.seed ?? true) {
    seed = generateDevSeed(options.seedOptions);
    await loadBundle(router, repo, seed.bundle);
  }
  const handler = createFhirHttpHandler(router, repo, {
    basePath: BASE_PATH,
    defaultCount: options.defaultCount ?? 20,
    maxCount: 1000,
    pagingLinks: options.pagingLinks ?? true,
    ignoreOffset: options.ignoreOffset ?? false,
  });
  const server = http.createServer((req, res) => void handler(req, res));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? defaultPort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`FHIR dev server cannot listen on ${host}:${port}: ${err.code ?? err.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}${BASE_PATH}`,
    repo,
    seed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// `tsx server/dev/fhir-dev-server.ts` runs it alone and prints its URL.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  startFhirDevServer()
    .then((s) => {
      console.log(`FHIR dev server: ${s.url}`);
      const stop = () => void s.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: Error) => {
      console.error(err.message);
      process.exit(1);
    });
}
