/**
 * `kiunga flow ...` commands: `check` (validate a flow file) and `run` (a terminal simulator).
 */
import type { Command } from 'commander';
import { checkFlowFile } from './flow-check.js';
import { runFlowFile } from './flow-run.js';

export function registerFlow(program: Command): void {
  const flow = program.command('flow').description('check or simulate flows');
  flow
    .command('check')
    .description('validate a flow file (flow, assets or RapidPro export); exit 1 on errors')
    .argument('<file>', 'JSON file')
    .action((file: string) => {
      process.exitCode = checkFlowFile(file, (line) => process.stdout.write(`${line}\n`));
    });
  flow
    .command('run')
    .description('simulate a flow in the terminal: type replies, see messages and results')
    .argument('<file>', 'JSON file (flow, assets or RapidPro export)')
    .option('--flow <name>', 'flow to start (name or UUID; default: the first flow)')
    .option('--lang <code>', "contact's language (ISO 639-3, e.g. fra)")
    .option('--script <file>', 'replies, one per line, instead of typing them (/timeout and /expire end the current wait)')
    .action(async (file: string, opts: { flow?: string; lang?: string; script?: string }) => {
      process.exitCode = await runFlowFile(file, opts, { write: (s) => process.stdout.write(s) });
    });
}
