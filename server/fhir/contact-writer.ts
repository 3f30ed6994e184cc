import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { ContactPlan, GroupWant } from './contact-plan.js';
import type { SyncDatabase } from './sync-schema.js';

/** One record the sync did not turn into an active contact, and why. Example: `{ reference: 'Practitioner/P1004', reason: 'no phone number in telecom' }`. */
export interface SkippedRecord {
  reference: string;
  reason: string;
}

/** Running counts of one sync. Example: `{ created: 40, updated: 2, deactivated: 1, unchanged: 3, skipped: [...] }`. */
export interface WriteTally {
  created: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  skipped: SkippedRecord[];
}

/** Where and how plans are written. `db` is the open transaction. */
export interface WriteContext {
  db: Kysely<SyncDatabase>;
  workspaceId: string;
  connectionId: string;
  /** ISO time written to created_at/updated_at. */
  now: string;
  /** Field keys the sync owns: set from the plan, deleted when the plan lacks them; other keys are kept. */
  ownedFieldKeys: readonly string[];
}

type ContactRow = SyncDatabase['contacts'];

function fingerprint(plan: ContactPlan, phones: readonly string[]): string {
  const { ref: _ref, problem: _problem, ...rest } = plan;
  return createHash('sha256').update(JSON.stringify({ ...rest, phones })).digest('hex');
}

function mergeFields(existing: string | undefined, plan: ContactPlan, owned: readonly string[]): string {
  let fields: Record<string, unknown> = {};
  try {
    fields = existing ? (JSON.parse(existing) as Record<string, unknown>) : {};
  } catch {
    fields = {};
  }
  for (const key of owned) delete fields[key];
  return JSON.stringify({ ...fields, ...plan.fields });
}

/**
 * Writes contact plans into contacts, contact_urns, groups and group_members. Call inside a transaction;
 * it never commits. Opt-outs are respected: a "stopped" or "blocked" contact keeps its status.
 *
 * Example: `await db.transaction().execute((trx) => new ContactWriter({ db: trx, … }).apply(plans, tally))`.
 */
export class ContactWriter {
  private groups?: Map<string, { groupId: string; name: string }>;

  constructor(private readonly ctx: WriteContext) {}

  async apply(plans: readonly ContactPlan[], tally: WriteTally): Promise<void> {
    for (const plan of plans) await this.applyOne(plan, tally);
  }

  /** Archives contacts whose FHIR resource (of this ref prefix) no longer exists on the server. */
  async archiveMissing(prefix: string, present: ReadonlySet<string>, tally: WriteTally): Promise<void> {
    const { db, connectionId } = this.ctx;
    const records = await db
      .selectFrom('fhir_synced_records')
      .select(['fhir_ref', 'contact_id', 'fingerprint'])
      .where('connection_id', '=', connectionId)
      .where('fhir_ref', 'like', `${prefix}%`)
      .execute();
    for (const record of records) {
      if (present.has(record.fhir_ref) || record.fingerprint === 'deleted') continue;
      const contact = await this.contact(record.contact_id);
      if (contact && contact.status !== 'archived') {
        await db.updateTable('contacts').set({ status: 'archived', updated_at: this.ctx.now }).where('id', '=', contact.id).execute();
        tally.deactivated++;
      }
      await this.setMemberships(record.contact_id, []);
      await db
        .updateTable('fhir_synced_records')
        .set({ fingerprint: 'deleted', synced_at: this.ctx.now })
        .where('connection_id', '=', connectionId)
        .where('fhir_ref', '=', record.fhir_ref)
        .execute();
    }
  }

  private async contact(id: string): Promise<ContactRow | undefined> {
    return this.ctx.db.selectFrom('contacts').selectAll().where('id', '=', id).where('workspace_id', '=', this.ctx.workspaceId).executeTakeFirst();
  }

  private async applyOne(plan: ContactPlan, tally: WriteTally): Promise<void> {
    const { db, workspaceId, connectionId, now } = this.ctx;
    const record = await db
      .selectFrom('fhir_synced_records')
      .select(['contact_id', 'fingerprint'])
      .where('connection_id', '=', connectionId)
      .where('fhir_ref', '=', plan.ref)
      .executeTakeFirst();
    let contact = record ? await this.contact(record.contact_id) : undefined;

    if (!plan.active) {
      if (!contact) {
        tally.skipped.push({ reference: plan.ref, reason: `inactive (${plan.inactiveReason ?? 'not active'}); no contact to archive` });
        return;
      }
      const fp = fingerprint(plan, []);
      if (contact.status === 'archived' && record?.fingerprint === fp) {
        tally.unchanged++;
        return;
      }
      const wasArchived = contact.status === 'archived';
      await db
        .updateTable('contacts')
        .set({ status: 'archived', name: plan.name ?? contact.name, fields: mergeFields(contact.fields, plan, this.ctx.ownedFieldKeys), updated_at: now })
        .where('id', '=', contact.id)
        .execute();
      await this.setMemberships(contact.id, []);
      await this.saveRecord(plan.ref, contact.id, fp);
      if (wasArchived) tally.updated++;
      else tally.deactivated++;
      return;
    }

    if (plan.problem) {
      tally.skipped.push({ reference: plan.ref, reason: contact ? `${plan.problem}; the existing contact was left unchanged` : plan.problem });
      return;
    }

    // Phones already used by another contact: adopt an unlinked contact (same person entered by hand), never steal from a linked one.
    const owners = await db
      .selectFrom('contact_urns')
      .select(['identity', 'contact_id'])
      .where('workspace_id', '=', workspaceId)
      .where('identity', 'in', plan.phones.map((p) => `tel:${p}`))
      .execute();
    const usable: string[] = [];
    const conflicts: string[] = [];
    let adopted = false;
    for (const phone of plan.phones) {
      const owner = owners.find((o) => o.identity === `tel:${phone}`);
      if (!owner || owner.contact_id === contact?.id) {
        usable.push(phone);
        continue;
      }
      const ownerContact = await this.contact(owner.contact_id);
      const ownerLink = await db.selectFrom('fhir_synced_records').select('fhir_ref').where('contact_id', '=', owner.contact_id).executeTakeFirst();
      const linkedTo = ownerLink?.fhir_ref ?? ownerContact?.fhir_ref ?? undefined;
      if (!contact && !linkedTo && ownerContact) {
        contact = ownerContact;
        adopted = true;
        usable.push(phone);
      } else {
        conflicts.push(`phone ${phone} already belongs to ${linkedTo ?? `contact ${ownerContact?.uuid ?? owner.contact_id}`}`);
      }
    }
    if (usable.length === 0) {
      tally.skipped.push({ reference: plan.ref, reason: conflicts.join('; ') });
      return;
    }

    const fp = fingerprint(plan, usable);
    if (contact && !adopted && record?.fingerprint === fp) {
      tally.unchanged++;
      return;
    }
    let contactId: string;
    if (contact) {
      contactId = contact.id;
      await db
        .updateTable('contacts')
        .set({
          name: plan.name,
          language: plan.language ?? contact.language,
          fields: mergeFields(contact.fields, plan, this.ctx.ownedFieldKeys),
          fhir_ref: plan.ref,
          status: contact.status === 'archived' ? 'active' : contact.status,
          updated_at: now,
        })
        .where('id', '=', contact.id)
        .execute();
      tally.updated++;
    } else {
      contactId = newId();
      await db
        .insertInto('contacts')
        .values({
          id: contactId,
          workspace_id: workspaceId,
          uuid: newId(),
          name: plan.name,
          language: plan.language,
          timezone: null,
          status: 'active',
          fields: mergeFields(undefined, plan, this.ctx.ownedFieldKeys),
          last_seen_at: null,
          fhir_ref: plan.ref,
          created_at: now,
          updated_at: now,
        })
        .execute();
      tally.created++;
    }
    await this.setPhones(contactId, usable);
    await this.setMemberships(contactId, plan.groups);
    await this.saveRecord(plan.ref, contactId, fp);
  }

  /** Makes the contact's tel URNs exactly `phones`, in that priority order (other schemes untouched). */
  private async setPhones(contactId: string, phones: readonly string[]): Promise<void> {
    const { db, workspaceId, now } = this.ctx;
    const existing = await db.selectFrom('contact_urns').select(['id', 'path']).where('contact_id', '=', contactId).where('scheme', '=', 'tel').execute();
    const stale = existing.filter((u) => !phones.includes(u.path)).map((u) => u.id);
    if (stale.length) await db.deleteFrom('contact_urns').where('id', 'in', stale).execute();
    for (const [priority, phone] of phones.entries()) {
      const found = existing.find((u) => u.path === phone);
      if (found) await db.updateTable('contact_urns').set({ priority }).where('id', '=', found.id).execute();
      else
        await db
          .insertInto('contact_urns')
          .values({ id: newId(), workspace_id: workspaceId, contact_id: contactId, scheme: 'tel', path: phone, identity: `tel:${phone}`, priority, channel_id: null, created_at: now })
          .execute();
    }
  }

  /** Makes the contact's memberships in sync-owned groups of this connection exactly `wants`. */
  private async setMemberships(contactId: string, wants: readonly GroupWant[]): Promise<void> {
    const { db, connectionId, now } = this.ctx;
    const desired = new Set<string>();
    for (const want of wants) desired.add(await this.groupFor(want));
    const current = await db
      .selectFrom('group_members')
      .innerJoin('fhir_synced_groups', 'fhir_synced_groups.group_id', 'group_members.group_id')
      .select('group_members.group_id')
      .where('group_members.contact_id', '=', contactId)
      .where('fhir_synced_groups.connection_id', '=', connectionId)
      .execute();
    const have = new Set(current.map((c) => c.group_id));
    const remove = [...have].filter((g) => !desired.has(g));
    if (remove.length) await db.deleteFrom('group_members').where('contact_id', '=', contactId).where('group_id', 'in', remove).execute();
    for (const groupId of desired) {
      if (!have.has(groupId)) await db.insertInto('group_members').values({ group_id: groupId, contact_id: contactId, created_at: now }).execute();
    }
  }

  /** The id of the sync-owned group for `want`, creating it or following a rename. */
  private async groupFor(want: GroupWant): Promise<string> {
    const { db, workspaceId, connectionId, now } = this.ctx;
    if (!this.groups) {
      const rows = await db
        .selectFrom('fhir_synced_groups')
        .innerJoin('groups', 'groups.id', 'fhir_synced_groups.group_id')
        .select(['fhir_synced_groups.kind', 'fhir_synced_groups.key', 'groups.id', 'groups.name'])
        .where('fhir_synced_groups.connection_id', '=', connectionId)
        .execute();
      this.groups = new Map(rows.map((r) => [`${r.kind}:${r.key}`, { groupId: r.id, name: r.name }]));
    }
    const key = `${want.kind}:${want.key}`;
    const known = this.groups.get(key);
    if (known) {
      if (known.name !== want.name) {
        await db.updateTable('groups').set({ name: want.name, updated_at: now }).where('id', '=', known.groupId).execute();
        known.name = want.name;
      }
      return known.groupId;
    }
    const groupId = newId();
    await db.insertInto('groups').values({ id: groupId, workspace_id: workspaceId, uuid: newId(), name: want.name, query: null, created_at: now, updated_at: now }).execute();
    await db.insertInto('fhir_synced_groups').values({ connection_id: connectionId, kind: want.kind, key: want.key, workspace_id: workspaceId, group_id: groupId }).execute();
    this.groups.set(key, { groupId, name: want.name });
    return groupId;
  }

  private async saveRecord(ref: string, contactId: string, fp: string): Promise<void> {
    const { db, workspaceId, connectionId, now } = this.ctx;
    await db
      .insertInto('fhir_synced_records')
      .values({ connection_id: connectionId, fhir_ref: ref, workspace_id: workspaceId, contact_id: contactId, fingerprint: fp, synced_at: now })
      .onConflict((oc) => oc.columns(['connection_id', 'fhir_ref']).doUpdateSet({ contact_id: contactId, fingerprint: fp, synced_at: now }))
      .execute();
  }
}
