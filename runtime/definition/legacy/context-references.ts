/**
 * How legacy context references (`contact.first_name`, `flow.age.category`, `step.value`, `date.today`...)
 * are written in the current expression language.
 *
 *   migrateContextReference('contact.gender')          // 'fields.gender'
 *   migrateContextReference('flow.color.category')     // 'results.color.category_localized'
 *   migrateContextReference('date.today')              // 'format_date(today())'
 */

/** URN schemes a legacy `@contact.<scheme>` may name. */
export const URN_SCHEMES = [
  'discord', 'ext', 'facebook', 'fcm', 'freshchat', 'instagram', 'jiochat', 'line', 'mailto', 'rocketchat', 'slack',
  'teams', 'tel', 'telegram', 'twitter', 'twitterid', 'viber', 'vk', 'webchat', 'wechat', 'whatsapp',
];

/** Legacy top-level context names that a bare `@name` may start with. */
export const LEGACY_TOP_LEVELS = ['channel', 'child', 'contact', 'date', 'extra', 'flow', 'parent', 'step'];

interface Rule {
  pattern: RegExp;
  /** Builds the new reference from the match groups. */
  build: (m: RegExpExecArray) => string;
  /** A date (not a datetime): shown through format_date unless raw dates are wanted. */
  isDate?: boolean;
}

const SCHEMES = URN_SCHEMES.join('|');
/** Optional `flow.` / `step.` prefix, then optional `parent.` / `child.`, then `contact`. */
const CONTACT = String.raw`^(?:(?:flow|step)\.)?((?:parent|child)\.)?contact`;

function contactRule(suffix: string, build: (owner: string, m: RegExpExecArray) => string): Rule {
  return { pattern: new RegExp(CONTACT + suffix + '$'), build: (m) => build(m[1] ?? '', m) };
}

function resultRules(prefix: string, target: string): Rule[] {
  return [
    { pattern: new RegExp(`^${prefix}$`), build: () => target },
    { pattern: new RegExp(`^${prefix}\\.(\\w+)$`), build: (m) => `${target}.${m[1]}` },
    { pattern: new RegExp(`^${prefix}\\.(\\w+)\\.value$`), build: (m) => `${target}.${m[1]}.value` },
    { pattern: new RegExp(`^${prefix}\\.(\\w+)\\.category$`), build: (m) => `${target}.${m[1]}.category_localized` },
    { pattern: new RegExp(`^${prefix}\\.(\\w+)\\.text$`), build: (m) => `${target}.${m[1]}.input` },
    { pattern: new RegExp(`^${prefix}\\.(\\w+)\\.time$`), build: (m) => `${target}.${m[1]}.created_on` },
  ];
}

const RULES: Rule[] = [
  contactRule('', (o) => `${o}contact`),
  ...['uuid', 'id', 'name', 'first_name', 'created_on', 'language'].map((p) => contactRule(`\\.${p}`, (o) => `${o}contact.${p}`)),
  contactRule(String.raw`\.groups`, (o) => `join(${o}contact.groups, ",")`),
  contactRule(String.raw`\.tel_e164`, (o) => `default(urn_parts(${o}urns.tel).path, "")`),
  contactRule(String.raw`\.tel`, (o) => `format_urn(${o}urns.tel)`),
  contactRule(`\\.(${SCHEMES})`, (o, m) => `default(urn_parts(${o}urns.${m[2]}).path, "")`),
  contactRule(`\\.(${SCHEMES})\\.display`, (o, m) => `format_urn(${o}urns.${m[2]})`),
  contactRule(`\\.(${SCHEMES})\\.path`, (o, m) => `urn_parts(${o}urns.${m[2]}).path`),
  contactRule(`\\.(${SCHEMES})\\.scheme`, (o, m) => `urn_parts(${o}urns.${m[2]}).scheme`),
  contactRule(`\\.(${SCHEMES})\\.urn`, (o, m) => `${o}urns.${m[2]}`),
  contactRule(String.raw`\.(\w+)`, (o, m) => `${o}fields.${m[2]}`),

  ...resultRules('flow', 'results'),
  ...resultRules('child', 'child.results'),
  ...resultRules('(?:parent|extra\\.flow)', 'parent.results'),

  { pattern: /^step(\.value)?$/, build: () => 'input' },
  { pattern: /^step\.text$/, build: () => 'input.text' },
  { pattern: /^step\.time$/, build: () => 'input.created_on' },
  { pattern: /^step\.attachments$/, build: () => 'foreach(foreach(input.attachments, attachment_parts), extract, "url")' },
  { pattern: /^step\.attachments\.(\d+)$/, build: (m) => `attachment_parts(input.attachments[${m[1]}]).url` },

  { pattern: /^channel$/, build: () => 'contact.channel.address' },
  { pattern: /^channel\.(address|tel|tel_e164)$/, build: () => 'contact.channel.address' },
  { pattern: /^channel\.name$/, build: () => 'contact.channel.name' },

  { pattern: /^date(\.now)?$/, build: () => 'now()' },
  { pattern: /^date\.today$/, build: () => 'today()', isDate: true },
  { pattern: /^date\.tomorrow$/, build: () => 'datetime_add(now(), 1, "D")', isDate: true },
  { pattern: /^date\.yesterday$/, build: () => 'datetime_add(now(), -1, "D")', isDate: true },

  { pattern: /^extra$/, build: () => 'legacy_extra' },
  { pattern: /^extra\.([\w.]+)$/, build: (m) => `legacy_extra.${m[1]}` },
];

/** `.1` → `["1"]`, `.2factor` → `["2factor"]`: lookups that are not identifiers in the new syntax. */
function fixNumericLookups(path: string): string {
  return path.replace(/\.\d+\w*/g, (lookup) => `["${lookup.slice(1)}"]`);
}

export function migrateContextReference(path: string, rawDates = false): string {
  const lower = path.toLowerCase();
  for (const rule of RULES) {
    const m = rule.pattern.exec(lower);
    if (!m) continue;
    let migrated = rule.build(m);
    if (rule.isDate && !rawDates) migrated = `format_date(${migrated})`;
    return fixNumericLookups(migrated);
  }
  return lower;
}
