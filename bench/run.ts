/**
 * Benchmark dispatcher: `npm run bench -- <suite> [args...]` runs bench/<suite>.ts, whose default export
 * is `main(args)`. Output convention: /work/shared/BENCH.md (JSON lines on stdout).
 *
 *   npm run bench -- engine
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export function availableSuites(): string[] {
  return readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3))
    .sort();
}

export async function runSuite(suite: string, args: string[]): Promise<void> {
  if (!/^[a-z0-9_-]+$/i.test(suite) || !existsSync(path.join(here, `${suite}.ts`))) {
    throw new Error(`unknown benchmark suite '${suite}'; available: ${availableSuites().join(', ')}`);
  }
  const mod = (await import(pathToFileURL(path.join(here, `${suite}.ts`)).href)) as { default?: (args: string[]) => Promise<void> };
  if (typeof mod.default !== 'function') throw new Error(`bench/${suite}.ts has no default export main(args)`);
  await mod.default(args);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [suite, ...args] = process.argv.slice(2);
  if (!suite) {
    process.stderr.write(`usage: npm run bench -- <suite>   (suites: ${availableSuites().join(', ')})\n`);
    process.exitCode = 2;
  } else {
    runSuite(suite, args).catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
  }
}
