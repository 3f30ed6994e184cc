/**
 * Telegram has no delivery receipts: sent messages stay "wired". What matters is the send error:
 * 403 "bot was blocked by the user" / "user is deactivated" / "bot was kicked" → contact stopped;
 * 429 with `parameters.retry_after` → retry after that many seconds.
 *
 * Example: `isTelegramStopped(403, 'Forbidden: bot was blocked by the user')` → true.
 */
export const TELEGRAM_TEXT_MAX = 4096;
export const TELEGRAM_CAPTION_MAX = 1024;

export function isTelegramStopped(code: number, description: string): boolean {
  return code === 403 && /blocked by the user|user is deactivated|bot was kicked/i.test(description);
}
