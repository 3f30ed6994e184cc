/**
 * The workspace settings the messaging loop needs on every sprint (time zone, languages, quiet hours,
 * opt-out words), cached briefly.
 *
 * Example: `await workspaceSettings(db, wsId)` → `{ timezone: "Africa/Nairobi", languages: ["eng","swa"], quietHours: { start: "21:00", end: "07:00" }, optOutWords: ["stop"], startWords: ["start"], … }`.
 */
import type { Environment } from '../../runtime/engine/api.js';
import { parseQuietHours, type QuietHours } from './quiet-hours.js';
import { first, parseJson, type Db } from './sql.js';
import { environmentWordMatching, readWordMatching, type WordMatchingSetting } from '../nlp/word-matching-setting.js';

/** Default opt-out words: English, French (with and without accent), Swahili, Portuguese, Spanish. */
export const DEFAULT_OPT_OUT_WORDS = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'arret', 'arrêt', 'acha', 'sair', 'parar', 'alto'];
/** Default re-subscribe words. */
export const DEFAULT_START_WORDS = ['start', 'unstop', 'demarrer', 'démarrer', 'anza', 'iniciar'];

/** Parsed settings. Example: see the module comment. */
export interface WorkspaceSettings {
  id: string;
  timezone: string;
  defaultCountry: string | null;
  languages: string[];
  quietHours: QuietHours | null;
  optOutWords: string[];
  startWords: string[];
  /** How forgiving keyword case tests are (server/nlp/word-matching-setting.ts). */
  wordMatching: WordMatchingSetting;
}

/**
 * workspaces.opt_out_words is either a JSON array of stop words, or an object
 * `{ "stop": ["stop", "acha"], "start": ["start", "anza"] }` to configure both lists.
 */
export function parseOptOutWords(json: string | null): { stop: string[]; start: string[] } {
  const value = parseJson<unknown>(json, null);
  const norm = (words: unknown, fallback: string[]): string[] =>
    Array.isArray(words) && words.length > 0 ? words.map((w) => String(w).trim().toLowerCase()).filter(Boolean) : fallback;
  if (Array.isArray(value)) return { stop: norm(value, DEFAULT_OPT_OUT_WORDS), start: DEFAULT_START_WORDS };
  if (value && typeof value === 'object') {
    const v = value as { stop?: unknown; start?: unknown };
    return { stop: norm(v.stop, DEFAULT_OPT_OUT_WORDS), start: norm(v.start, DEFAULT_START_WORDS) };
  }
  return { stop: DEFAULT_OPT_OUT_WORDS, start: DEFAULT_START_WORDS };
}

const cache = new Map<string, { at: number; value: WorkspaceSettings }>();

export async function workspaceSettings(db: Db, workspaceId: string, ttlMs = 5_000): Promise<WorkspaceSettings> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value;
  const row = await first<{ id: string; timezone: string; default_country: string | null; languages: string; quiet_hours: string | null; opt_out_words: string }>(
    db,
    'SELECT id, timezone, default_country, languages, quiet_hours, opt_out_words FROM workspaces WHERE id = ?',
    [workspaceId],
  );
  if (!row) throw new Error(`workspace ${workspaceId} does not exist`);
  const words = parseOptOutWords(row.opt_out_words);
  const value: WorkspaceSettings = {
    id: row.id,
    timezone: row.timezone,
    defaultCountry: row.default_country,
    languages: parseJson<string[]>(row.languages, []),
    quietHours: parseQuietHours(row.quiet_hours),
    optOutWords: words.stop,
    startWords: words.start,
    wordMatching: await readWordMatching(db, workspaceId),
  };
  cache.set(workspaceId, { at: Date.now(), value });
  return value;
}

/** Forget cached settings (after the settings page saves). */
export function invalidateWorkspaceSettings(workspaceId?: string): void {
  if (workspaceId) cache.delete(workspaceId);
  else cache.clear();
}

export function environmentOf(settings: WorkspaceSettings): Environment {
  return {
    date_format: 'DD-MM-YYYY',
    time_format: 'tt:mm',
    timezone: settings.timezone,
    default_country: settings.defaultCountry,
    allowed_languages: settings.languages,
    redaction_policy: 'none',
    ...(environmentWordMatching(settings.wordMatching) ? { word_matching: environmentWordMatching(settings.wordMatching) } : {}),
  };
}
