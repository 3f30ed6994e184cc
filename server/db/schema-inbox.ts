/**
 * Kysely types of the inbox's tables (migration 0007_inbox): labels a program officer puts on inbound
 * messages no flow handled, and which of those messages are archived (out of the inbox, still searchable).
 */

/** A label. Unique (workspace_id, name). Example: `{ id, workspace_id, uuid, name: "Stock-out", created_at }`. */
export interface InboxLabelsTable {
  id: string;
  workspace_id: string;
  uuid: string;
  name: string;
  created_at: string;
}

/** A label on a message. Primary key (message_id, label_id). */
export interface InboxMessageLabelsTable {
  message_id: string;
  label_id: string;
  workspace_id: string;
  created_at: string;
}

/** An archived inbox message. Primary key message_id. Example: `{ message_id, workspace_id, archived_by: "<user id>", archived_at }`. */
export interface InboxArchivedTable {
  message_id: string;
  workspace_id: string;
  archived_by: string | null;
  archived_at: string;
}
