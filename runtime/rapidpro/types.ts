/**
 * The RapidPro export file ("Export / Import" in RapidPro), as Kiunga reads and writes it.
 *
 * Example:
 *   {
 *     "version": "13", "site": "https://app.rapidpro.io",
 *     "flows": [ { "uuid": "...", "name": "Registration", "spec_version": "13.1.0", ... } ],
 *     "campaigns": [], "triggers": [],
 *     "fields": [ { "key": "district", "name": "District", "type": "text" } ],
 *     "groups": [ { "uuid": "...", "name": "Nurses", "query": null } ]
 *   }
 */

/** A contact field as exported by current RapidPro. */
export interface ExportField {
  /** Not in RapidPro's own exports; kept when Kiunga knows it. */
  uuid?: string;
  key: string;
  name: string;
  type: 'text' | 'number' | 'datetime' | 'state' | 'district' | 'ward';
}

/** A contact group; `query` is set for smart (dynamic) groups. */
export interface ExportGroup {
  uuid: string;
  name: string;
  query: string | null;
}

/** A reference to a flow or group inside campaigns and triggers. */
export interface ExportReference {
  uuid: string;
  name: string;
}

/**
 * A campaign event: send a flow (event_type "F") or a message ("M") relative to a contact date field.
 * Example: `{ "uuid": "...", "offset": 2, "unit": "D", "event_type": "F", "delivery_hour": 9,
 *             "relative_to": { "key": "vaccination_date", "label": "Vaccination Date" }, "flow": { "uuid": "...", "name": "Reminder" } }`.
 */
export interface CampaignEvent {
  uuid: string;
  offset: number;
  unit: 'M' | 'H' | 'D' | 'W';
  event_type: 'F' | 'M';
  delivery_hour: number;
  relative_to: { key: string; label?: string; name?: string };
  flow?: ExportReference;
  message?: Record<string, string> | string | null;
  base_language?: string | null;
  start_mode?: string;
  [extra: string]: unknown;
}

/** A campaign: events scheduled for the members of one group. */
export interface Campaign {
  uuid: string;
  name: string;
  group: ExportReference;
  events: CampaignEvent[];
  [extra: string]: unknown;
}

/**
 * A trigger that starts a flow: keyword ("K"), missed call ("M"), catch-all ("C"), new conversation ("N"),
 * referral ("R"), schedule ("S"), ... Example: `{ "trigger_type": "K", "keywords": ["join"], "flow": {...}, "groups": [] }`.
 */
export interface ExportTrigger {
  trigger_type: string;
  flow?: ExportReference | null;
  keyword?: string | null;
  keywords?: string[];
  groups?: ExportReference[];
  exclude_groups?: ExportReference[];
  channel?: ExportReference | string | null;
  [extra: string]: unknown;
}

/** The whole file. */
export interface RapidProExport {
  version: string;
  site: string;
  flows: unknown[];
  campaigns: Campaign[];
  triggers: ExportTrigger[];
  fields: ExportField[];
  groups: ExportGroup[];
}
