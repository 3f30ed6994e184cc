/**
 * What every action type provides, and what the engine gives an action when it runs.
 *
 * Example (a whole action type):
 *   export const setContactName: ActionSpec<SetContactName> = {
 *     type: 'set_contact_name', schema, localizable: [], evaluated: ['name'],
 *     async execute(ctx) { const name = ctx.run.evaluate(ctx.action.name); ... },
 *   };
 */
import type { z } from 'zod';
import type { ActionRuntime } from '../engine/runtime-types.js';
import type { Action } from '../definition/types.js';

/** The context of one action execution: the action (already validated) and the run it executes in. */
export interface ActionContext<A extends Action = Action> {
  action: A;
  run: ActionRuntime;
}

/**
 * One action type. `localizable` lists the fields translated through `flow.localization`,
 * `evaluated` the fields holding templates (used by the editor and the inspector).
 * `outOfScope` marks action types Kiunga keeps but does not perform (voice, airtime, tickets, LLM).
 */
export interface ActionSpec<A extends Action = Action> {
  type: string;
  schema: z.ZodType<unknown>;
  localizable: string[];
  evaluated: string[];
  outOfScope?: 'voice' | 'airtime' | 'tickets' | 'llm' | 'optins';
  execute(ctx: ActionContext<A>): Promise<void> | void;
}
