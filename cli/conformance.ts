/**
 * `kiunga conformance DIR`: runs goflow-format conformance cases (assets X.json + cases X.<case>.json)
 * and prints one line per case, then "N passed, M failed, K skipped". Exit code 1 if any failed.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { runConformanceDir } from '../test/conformance/run-case.js';

export function registerConformance(program: Command): void {
  program
    .command('conformance')
    .description('run goflow conformance cases from a directory and compare events, segments and results')
    .argument('<dir>', 'directory holding X.json assets files and X.<case>.json case files')
    .action(async (dir: string) => {
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        process.stderr.write(`kiunga conformance: '${dir}' is not a directory\n`);
        process.exitCode = 2;
        return;
      }
      const report = await runConformanceDir(dir);
      process.stdout.write(`${report.lines.join('\n')}\n`);
      process.exitCode = report.failed > 0 ? 1 : 0;
    });
}
