/**
 * Builds the web app once (`vite build`) into a temporary folder the test server serves, so tests never
 * overwrite dist/web that someone may be using. Usable as a vitest globalSetup too (see `setup`).
 *
 *   const webRoot = await buildWebOnce();   // "/tmp/kiunga-e2e-web-XXXX"
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ENV_KEY = 'KIUNGA_E2E_WEB_ROOT';

let building: Promise<string> | null = null;

/** The built web folder; builds on first call (or reuses the one a global setup made). */
export function buildWebOnce(): Promise<string> {
  const prebuilt = process.env[ENV_KEY];
  if (prebuilt && fs.existsSync(path.join(prebuilt, 'index.html'))) return Promise.resolve(prebuilt);
  building ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-e2e-web-'));
    const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    try {
      await run(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const detail = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`vite build failed:\n${detail.stderr || detail.stdout || detail.message}`);
    }
    if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`vite build wrote no index.html in ${outDir}`);
    return outDir;
  })();
  return building;
}

/** Removes the folder built by `buildWebOnce` in this process (a global setup's folder is its own to remove). */
export async function removeBuiltWeb(): Promise<void> {
  if (!building) return;
  const outDir = await building.catch(() => null);
  building = null;
  if (outDir && process.env[ENV_KEY] !== outDir) fs.rmSync(outDir, { recursive: true, force: true });
}

/** vitest globalSetup entry: build once for every e2e file, remove the folder at the end. */
export async function setup(): Promise<() => void> {
  const outDir = await buildWebOnce();
  process.env[ENV_KEY] = outDir;
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
