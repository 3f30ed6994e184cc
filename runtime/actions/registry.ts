/**
 * Every action type the engine knows, by type name. The definition validator (runtime/definition)
 * checks each action against `ACTIONS[type].schema`; the engine runs `ACTIONS[type].execute`.
 * Types not listed here are kept in flows and produce an error event when reached.
 *
 *   const spec = ACTIONS['send_msg'];  spec.schema.safeParse(action);  spec.localizable // ['text', ...]
 */
import type { ActionSpec } from './types.js';
import { addContactGroups } from './add_contact_groups.js';
import { addContactUrn } from './add_contact_urn.js';
import { addInputLabels } from './add_input_labels.js';
import { callClassifier } from './call_classifier.js';
import { callResthook } from './call_resthook.js';
import { callWebhook } from './call_webhook.js';
import { enterFlow } from './enter_flow.js';
import { kiungaFhirRead } from './kiunga_fhir_read.js';
import { kiungaFhirWrite } from './kiunga_fhir_write.js';
import { removeContactGroups } from './remove_contact_groups.js';
import { sendBroadcast } from './send_broadcast.js';
import { sendEmail } from './send_email.js';
import { sendMsg } from './send_msg.js';
import { setContactChannel } from './set_contact_channel.js';
import { setContactField } from './set_contact_field.js';
import { setContactLanguage } from './set_contact_language.js';
import { setContactName } from './set_contact_name.js';
import { setContactStatus } from './set_contact_status.js';
import { setContactTimezone } from './set_contact_timezone.js';
import { setRunLocal } from './set_run_local.js';
import { setRunResult } from './set_run_result.js';
import { startSession } from './start_session.js';
import { callLlm, openTicket, playAudio, requestOptin, sayMsg, transferAirtime } from './voice-airtime-tickets-llm.js';

const ALL = [
  sendMsg, setContactField, setContactName, setContactLanguage, setContactStatus, setContactTimezone,
  setContactChannel, addContactUrn, setRunResult, setRunLocal, addContactGroups, removeContactGroups,
  addInputLabels, callWebhook, callResthook, callClassifier, enterFlow, sendBroadcast, startSession, sendEmail,
  sayMsg, playAudio, transferAirtime, openTicket, callLlm, requestOptin,
  kiungaFhirRead, kiungaFhirWrite,
] as ActionSpec[];

export const ACTIONS: Record<string, ActionSpec> = Object.fromEntries(ALL.map((spec) => [spec.type, spec]));

export type { ActionSpec, ActionContext } from './types.js';
