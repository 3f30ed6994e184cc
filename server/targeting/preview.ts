/**
 * How many contacts a targets JSON reaches, with the same resolution the broadcasts and flow starts use
 * (server/messaging/recipients.ts): `matched` contacts in all, of which `active` would get a message
 * (stopped, blocked and archived contacts are skipped when sending).
 *
 * Example: `await previewTargets(db, ws, { query: 'district = "Kilifi"' })` → `{ matched: 124, active: 120 }`.
 */
import { nextRecipients, parseTargets } from '../messaging/recipients.js';
import type { Db } from '../messaging/sql.js';

/** Example: `{ matched: 124, active: 120 }`. */
export interface TargetsPreview {
  matched: number;
  active: number;
}

const PAGE = 5000;

/** Throws (naming the field or query clause) when the targets are invalid or select nobody. */
export async function previewTargets(db: Db, workspaceId: string, input: unknown): Promise<TargetsPreview> {
  const targets = parseTargets(input);
  let matched = 0;
  let active = 0;
  let cursor: string | null = null;
  for (;;) {
    const page = await nextRecipients(db, workspaceId, targets, cursor, PAGE);
    matched += page.length;
    for (const contact of page) if (contact.status === 'active') active++;
    if (page.length < PAGE) return { matched, active };
    cursor = page[page.length - 1]!.id;
  }
}
