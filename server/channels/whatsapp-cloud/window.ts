/**
 * WhatsApp's 24-hour customer-service window: free-form messages (text, media, interactive) may be
 * sent only within 24 h of the contact's last inbound message; outside it only an approved template.
 * The outbox enforces it before sending (../common/whatsapp-window-gate.ts); the adapter itself also falls
 * back to the channel's `reengagement_template` when Meta answers error 131047.
 *
 * Example:
 *   whatsAppWindow(new Date('2026-11-25T08:00:00Z'), new Date('2026-11-25T15:00:00Z'))
 *   // → { open: true, closesAt: 2026-11-26T08:00:00.000Z }
 *   whatsAppWindow(null, now) // → { open: false, closesAt: null }
 */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;

/** Whether free-form messages may be sent now, and until when. */
export interface WhatsAppWindow {
  open: boolean;
  closesAt: Date | null;
}

export function whatsAppWindow(lastInboundAt: Date | string | null | undefined, now: Date = new Date()): WhatsAppWindow {
  if (lastInboundAt == null) return { open: false, closesAt: null };
  const last = typeof lastInboundAt === 'string' ? new Date(lastInboundAt) : lastInboundAt;
  if (Number.isNaN(last.getTime())) throw new Error(`whatsAppWindow: "${String(lastInboundAt)}" is not a date`);
  const closesAt = new Date(last.getTime() + WHATSAPP_WINDOW_MS);
  return { open: now.getTime() < closesAt.getTime(), closesAt };
}
