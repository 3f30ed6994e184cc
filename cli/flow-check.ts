/**
 * `kiunga flow check FILE`: reads every flow of a file (flow, assets or RapidPro export) the way the
 * engine will (migration + validation + asset references) and prints each issue, one per line:
 *   "error   Registration: nodes[3].router.cases[1]: ..."
 * Returns the exit code: 1 if any flow has errors, 0 otherwise.
 */
import { readFlowFile } from './flow-file.js';

export function checkFlowFile(file: string, print: (line: string) => void): number {
  let parsed;
  try {
    parsed = readFlowFile(file);
  } catch (err) {
    print(`error   ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  let errors = 0;
  let warnings = 0;
  // the importer reads every flow of the file (migration + validation + references) and says which
  for (const issue of parsed.issues) {
    if (issue.severity === 'error') errors++;
    else warnings++;
    print(`${issue.severity.padEnd(7)} ${issue.message}`);
  }
  const flows = parsed.flows.length;
  print(`${flows} flow${flows === 1 ? '' : 's'} read: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return errors > 0 ? 1 : 0;
}
