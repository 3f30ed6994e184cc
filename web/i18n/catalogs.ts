/**
 * The translation catalogs: the core ones (en.json, fr.json) plus one file per area of the app
 * (areas/<area>.en.json, areas/<area>.fr.json), so that areas are translated side by side without
 * editing one huge file. Each area file holds its own top-level key (areas/channels.en.json →
 * `{ "channels": { … } }`); merging is deep, and a key defined twice is a mistake the tests report.
 *
 * Example: `catalogs.fr.channels.title` → "Canaux".
 */
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import channelsEn from './areas/channels.en.json' with { type: 'json' };
import channelsFr from './areas/channels.fr.json' with { type: 'json' };
import fhirEn from './areas/fhir.en.json' with { type: 'json' };
import fhirFr from './areas/fhir.fr.json' with { type: 'json' };
import broadcastsEn from './areas/broadcasts.en.json' with { type: 'json' };
import broadcastsFr from './areas/broadcasts.fr.json' with { type: 'json' };
import resultsEn from './areas/results.en.json' with { type: 'json' };
import resultsFr from './areas/results.fr.json' with { type: 'json' };
import inboxEn from './areas/inbox.en.json' with { type: 'json' };
import inboxFr from './areas/inbox.fr.json' with { type: 'json' };
import coursesEn from './areas/courses.en.json' with { type: 'json' };
import coursesFr from './areas/courses.fr.json' with { type: 'json' };
import templatesEn from './areas/templates.en.json' with { type: 'json' };
import templatesFr from './areas/templates.fr.json' with { type: 'json' };
import classifiersEn from './areas/classifiers.en.json' with { type: 'json' };
import classifiersFr from './areas/classifiers.fr.json' with { type: 'json' };
import settingsEn from './areas/settings.en.json' with { type: 'json' };
import settingsFr from './areas/settings.fr.json' with { type: 'json' };

/** A catalog: nested keys to texts. Example: `{ "nav": { "flows": "Flows" } }`. */
export type Catalog = { [key: string]: string | Catalog };

const AREAS_EN: Catalog[] = [channelsEn, fhirEn, broadcastsEn, resultsEn, inboxEn, coursesEn, templatesEn, classifiersEn, settingsEn];
const AREAS_FR: Catalog[] = [channelsFr, fhirFr, broadcastsFr, resultsFr, inboxFr, coursesFr, templatesFr, classifiersFr, settingsFr];

/** Keys present in more than one source file (they would silently override each other). */
export const duplicateKeys: string[] = [];

function mergeInto(target: Catalog, source: Catalog, prefix: string): void {
  for (const [key, value] of Object.entries(source)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    const existing = target[key];
    if (typeof value === 'string' || typeof existing === 'string') {
      if (existing !== undefined) duplicateKeys.push(dotted);
      target[key] = value;
    } else {
      const nested: Catalog = existing ?? {};
      target[key] = nested;
      mergeInto(nested, value, dotted);
    }
  }
}

function build(core: Catalog, areas: Catalog[]): Catalog {
  const merged: Catalog = {};
  mergeInto(merged, core, '');
  for (const area of areas) mergeInto(merged, area, '');
  return merged;
}

export const catalogs: { en: Catalog; fr: Catalog } = {
  en: build(en as Catalog, AREAS_EN),
  fr: build(fr as Catalog, AREAS_FR),
};
