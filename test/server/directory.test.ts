/**
 * Contacts, groups, users, workspace settings and API tokens through the API (createCaller).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.js';
import { createTestEnv, outcome, PASSWORD, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('contacts', () => {
  it('normalizes URNs with the workspace country, keeps them unique, searches and paginates', async () => {
    const editor = env.caller('A', 'editor');
    const amina = await editor.contacts.create({ name: 'Amina Wanjiru', urns: ['tel:0712 345 678', 'telegram:12345'], fields: { district: 'Kilifi' } });
    expect(amina.urns).toEqual(['tel:+254712345678', 'telegram:12345']);
    expect(amina.fields).toEqual({ district: 'Kilifi' });
    expect(await outcome(editor.contacts.create({ name: 'Dup', urns: ['tel:+254712345678'] }))).toBe('CONFLICT');
    await expect(editor.contacts.create({ urns: ['fax:123'] })).rejects.toThrow(/urns\[0\]: "fax:123" is not a valid URN/);
    for (let i = 0; i < 5; i++) await editor.contacts.create({ name: `Nurse ${i}`, urns: [`tel:+25472200000${i}`] });

    expect((await editor.contacts.list({ search: 'amina' })).items.map((c) => c.name)).toEqual(['Amina Wanjiru']);
    expect((await editor.contacts.list({ search: '254712' })).items.map((c) => c.name)).toEqual(['Amina Wanjiru']);
    const page1 = await editor.contacts.list({ search: 'nurse', limit: 3, offset: 0 });
    const page2 = await editor.contacts.list({ search: 'nurse', limit: 3, offset: 3 });
    expect(page1.total).toBe(5);
    expect(page1.items).toHaveLength(3);
    expect(page2.items).toHaveLength(2);
    expect(new Set([...page1.items, ...page2.items].map((c) => c.id)).size).toBe(5);
  });

  it('updates (merging fields, replacing URNs) and deletes with an audit entry', async () => {
    const editor = env.caller('A', 'editor');
    const c = await editor.contacts.create({ name: 'Baraka', urns: ['tel:+254733000001'], fields: { district: 'Kwale', cadre: 'nurse' } });
    const updated = await editor.contacts.update({ id: c.id, status: 'stopped', fields: { cadre: null, ward: 'Ukunda' }, urns: ['whatsapp:254733000002'] });
    expect(updated).toMatchObject({ status: 'stopped', fields: { district: 'Kwale', ward: 'Ukunda' }, urns: ['whatsapp:254733000002'] });
    // The released URN can be used by someone else now.
    await expect(editor.contacts.create({ urns: ['tel:+254733000001'] })).resolves.toBeTruthy();
    await editor.contacts.delete({ id: c.uuid });
    expect(await outcome(editor.contacts.get({ id: c.id }))).toBe('NOT_FOUND');
    expect(await env.db.selectFrom('contact_urns').select('id').where('contact_id', '=', c.id).execute()).toEqual([]);
    const audit = await env.db.selectFrom('audit_log').select(['target']).where('action', '=', 'contact.delete').execute();
    expect(audit).toEqual([{ target: `contact:${c.uuid}` }]);
  });
});

describe('groups', () => {
  it('creates static and smart groups, manages static membership, refuses manual edits of smart groups', async () => {
    const editor = env.caller('A', 'editor');
    const a = await editor.contacts.create({ name: 'G1', urns: ['tel:+254744000001'] });
    const b = await editor.contacts.create({ name: 'G2', urns: ['tel:+254744000002'] });
    const nurses = await editor.groups.create({ name: 'Nurses' });
    const smart = await editor.groups.create({ name: 'Kilifi', query: 'district = "Kilifi"' });
    expect(await outcome(editor.groups.create({ name: 'nurses' }))).toBe('CONFLICT');
    expect(await editor.groups.addMembers({ groupId: nurses.id, contactIds: [a.id, b.id, a.id] })).toEqual({ added: 2 });
    expect(await editor.groups.addMembers({ groupId: nurses.id, contactIds: [a.id] })).toEqual({ added: 0 });
    expect(await editor.groups.removeMembers({ groupId: nurses.id, contactIds: [b.id] })).toEqual({ removed: 1 });
    expect(await outcome(editor.groups.addMembers({ groupId: smart.id, contactIds: [a.id] }))).toBe('BAD_REQUEST');
    const listed = await editor.groups.list();
    expect(listed.find((g) => g.id === nurses.id)).toMatchObject({ memberCount: 1, smart: false });
    expect(listed.find((g) => g.id === smart.id)).toMatchObject({ smart: true, query: 'district = "Kilifi"' });
    expect((await editor.contacts.list({ groupId: nurses.id })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await editor.contacts.get({ id: a.id })).groups.map((g) => g.name)).toEqual(['Nurses']);

    await editor.groups.update({ id: nurses.id, name: 'Registered nurses' });
    expect(await outcome(editor.groups.update({ id: nurses.id, query: 'x = 1' }))).toBe('BAD_REQUEST');
    expect(await outcome(editor.groups.update({ id: smart.id, name: 'registered NURSES' }))).toBe('CONFLICT');
    await editor.groups.update({ id: smart.id, query: 'district = "Kwale"' });
    expect((await editor.groups.list()).map((g) => [g.name, g.query])).toEqual([['Kilifi', 'district = "Kwale"'], ['Registered nurses', null]]);
    await editor.groups.delete({ id: nurses.id });
    expect((await editor.contacts.get({ id: a.id })).groups).toEqual([]);
    expect(await outcome(editor.groups.delete({ id: nurses.id }))).toBe('NOT_FOUND');
  });
});

describe('users', () => {
  it('admin creates users (generated password shown once), changes roles, disables; keeps one admin', async () => {
    const admin = env.caller('A', 'admin');
    const created = await admin.users.create({ email: 'New.Nurse@Example.org', name: 'New Nurse', role: 'viewer' });
    expect(created).toMatchObject({ email: 'new.nurse@example.org', created: true });
    expect(created.password).toMatch(/^[\w-]{20}$/);
    const row = await env.db.selectFrom('users').select('password_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(created.password!, row.password_hash)).toBe(true);
    expect(await outcome(admin.users.create({ email: 'new.nurse@example.org', name: 'x', role: 'viewer' }))).toBe('CONFLICT');

    // Inviting a user from workspace B gives them a membership in A, not a new account.
    const invited = await admin.users.create({ email: 'viewer@b.example.org', name: 'ignored', role: 'editor' });
    expect(invited).toMatchObject({ id: env.users.B.viewer, created: false, password: null });

    await admin.users.setRole({ userId: created.id, role: 'editor' });
    expect((await admin.users.list()).find((u) => u.id === created.id)?.role).toBe('editor');
    expect(await outcome(admin.users.setRole({ userId: env.users.A.admin, role: 'viewer' }))).toBe('BAD_REQUEST');
    expect(await outcome(admin.users.setDisabled({ userId: env.users.A.admin, disabled: true }))).toBe('BAD_REQUEST');
    const reset = await admin.users.resetPassword({ userId: created.id });
    const afterReset = await env.db.selectFrom('users').select('password_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(await verifyPassword(reset.password!, afterReset.password_hash)).toBe(true);
    expect(await verifyPassword(created.password!, afterReset.password_hash)).toBe(false);
    await admin.users.setDisabled({ userId: created.id, disabled: true });
    expect((await admin.users.list()).find((u) => u.id === created.id)?.disabled).toBe(true);
    const actions = (await env.db.selectFrom('audit_log').select('action').where('action', 'like', 'user.%').execute()).map((a) => a.action);
    expect(actions).toEqual(['user.create', 'user.create', 'user.role_change', 'user.password_reset', 'user.disable']);
  });

  it('changes the own password only with the current one', async () => {
    const viewer = env.caller('B', 'viewer');
    await expect(viewer.auth.changePassword({ currentPassword: 'wrong-one-here', newPassword: 'brand-new-password' })).rejects.toThrow(/currentPassword/);
    await expect(viewer.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'short' })).rejects.toThrow();
    await viewer.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'brand-new-password' });
    const row = await env.db.selectFrom('users').select('password_hash').where('id', '=', env.users.B.viewer).executeTakeFirstOrThrow();
    expect(await verifyPassword('brand-new-password', row.password_hash)).toBe(true);
  });
});

describe('workspace settings', () => {
  it('updates settings with validation naming the field', async () => {
    const admin = env.caller('A', 'admin');
    const updated = await admin.workspace.update({ timezone: 'Africa/Kampala', languages: ['eng', 'lug'], quietHours: { start: '21:00', end: '07:00' }, optOutWords: ['STOP', 'stop', 'Gyawo'] });
    expect(updated).toMatchObject({ timezone: 'Africa/Kampala', languages: ['eng', 'lug'], quietHours: { start: '21:00', end: '07:00' }, optOutWords: ['stop', 'gyawo'] });
    await expect(admin.workspace.update({ timezone: 'Mars/Olympus' })).rejects.toThrow(/timezone/);
    await expect(admin.workspace.update({ quietHours: { start: '25:00', end: '07:00' } })).rejects.toThrow(/HH:MM/);
    await expect(admin.workspace.update({ languages: [] })).rejects.toThrow(/languages/);
    expect((await env.db.selectFrom('workspaces').select('timezone').where('id', '=', env.workspaces.A).executeTakeFirstOrThrow()).timezone).toBe('Africa/Kampala');
  });
});
