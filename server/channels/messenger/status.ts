/**
 * Messenger has no failure receipts: `delivery.mids[]` marks those messages delivered; `read` carries only a
 * watermark (a time), which we do not map to messages yet. Send errors: 551 / (10, 2018108) / (200, 1545041)
 * mean the person is unavailable or does not accept our messages → contact stopped; (10, 2018278) is the
 * 24-hour window → failed.
 *
 * Example: `isMessengerStopped({ code: 551, subcode: null })` → true.
 */
export const MESSENGER_TEXT_MAX = 2000;
export const MESSENGER_QUICK_REPLIES_MAX = 13;
export const MESSENGER_QUICK_REPLY_TITLE_MAX = 20;

export function isMessengerStopped(err: { code: number | null; subcode: number | null }): boolean {
  return err.code === 551 || (err.code === 10 && err.subcode === 2018108) || (err.code === 200 && err.subcode === 1545041);
}
