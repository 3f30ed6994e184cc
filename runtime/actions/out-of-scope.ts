/**
 * Action types Kiunga keeps in flows (so RapidPro exports import without loss) but does not perform:
 * voice (say_msg, play_audio), airtime (transfer_airtime), tickets (open_ticket), LLM (call_llm) and
 * opt-ins (request_optin). Running one logs an error event naming the type and why, and, for actions
 * that save a result, a "Failure" result so the flow's routing still works.
 *
 *   outOfScopeAction('transfer_airtime', 'airtime', schema, { resultField: 'result_name' })
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';

type Scope = NonNullable<ActionSpec['outOfScope']>;

const REASONS: Record<Scope, string> = {
  voice: 'voice/IVR flows are not supported by Kiunga',
  airtime: 'airtime transfers are not supported by Kiunga',
  tickets: 'tickets are not supported by Kiunga',
  llm: 'LLM calls are not supported by Kiunga',
  optins: 'opt-in requests are not supported by Kiunga',
};

export function outOfScopeAction(
  type: string,
  scope: Scope,
  schema: z.ZodType<unknown>,
  options: { localizable?: string[]; evaluated?: string[]; resultField?: string; localField?: string } = {},
): ActionSpec<Action> {
  return {
    type,
    schema,
    localizable: options.localizable ?? [],
    evaluated: options.evaluated ?? [],
    outOfScope: scope,
    execute({ action, run }) {
      run.error(`Action '${type}' was skipped: ${REASONS[scope]}`, { code: 'action:unsupported', extra: { type } });
      const resultName = options.resultField ? action[options.resultField] : undefined;
      if (typeof resultName === 'string' && resultName !== '') {
        run.saveResult({ name: resultName, value: '', category: 'Failure', input: undefined });
      }
      const local = options.localField ? action[options.localField] : undefined;
      if (typeof local === 'string' && local !== '') run.setLocal(local, '<ERROR>');
    },
  };
}
