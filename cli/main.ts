/**
 * `kiunga` command dispatcher: each command lives in its own file and registers itself here.
 *
 *   kiunga conformance DIR
 *   kiunga flow check FILE
 *   kiunga flow run FILE [--flow NAME] [--lang fra] [--script REPLIES]
 *   kiunga fhir sync --fhir-url URL [--data-dir D] [--country CD]
 */
import { Command, CommanderError } from 'commander';
import { fileURLToPath } from 'node:url';
import { registerConformance } from './conformance.js';
import { registerFlow } from './flow.js';
import { registerFhirSyncCommand } from './commands/fhir-sync.js';

/** Builds the program; commands set `process.exitCode` themselves. */
export function buildProgram(): Command {
  const program = new Command('kiunga').description('Kiunga: FHIR-native two-way messaging for health workers').exitOverride();
  registerConformance(program);
  registerFlow(program);
  registerFhirSyncCommand(program);
  return program;
}

/** Runs the CLI with `argv` (node-style: argv[0] node, argv[1] script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`kiunga: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv);
}
