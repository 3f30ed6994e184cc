/**
 * The workspace settings a ministry sets once: its name, time zone and default country (for local phone
 * numbers), the languages its health workers read (a flow's translations reach a contact only in these),
 * quiet hours (no bulk messages then; replies still go) and the words that stop messages. Administrators
 * edit; everyone else reads. Errors from the server name the field.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { useSession } from '../auth/session-context.js';
import { FLOW_LANGUAGES, languageName } from '../flows/flow-languages.js';

type Settings = ApiOutputs['workspace']['get'];

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const describeError = useApiError();
  const { session, refresh } = useSession();
  const isAdmin = session?.role === 'admin';
  const [saved, setSaved] = useState<Settings | null>(null);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('');
  const [country, setCountry] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  const [quiet, setQuiet] = useState(false);
  const [quietStart, setQuietStart] = useState('21:00');
  const [quietEnd, setQuietEnd] = useState('07:00');
  const [optOutWords, setOptOutWords] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (settings: Settings) => {
    setSaved(settings);
    setName(settings.name);
    setTimezone(settings.timezone);
    setCountry(settings.defaultCountry ?? '');
    setLanguages(settings.languages);
    setQuiet(settings.quietHours !== null);
    if (settings.quietHours) {
      setQuietStart(settings.quietHours.start);
      setQuietEnd(settings.quietHours.end);
    }
    setOptOutWords(settings.optOutWords.join(', '));
  };

  useEffect(() => {
    api.workspace.get.query().then(show, (failure: unknown) => setError(describeError(failure)));
  }, [describeError]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const updated = await api.workspace.update.mutate({
        name,
        timezone: timezone.trim(),
        defaultCountry: country.trim() ? country.trim().toUpperCase() : null,
        languages,
        quietHours: quiet ? { start: quietStart, end: quietEnd } : null,
        optOutWords: optOutWords.split(',').map((word) => word.trim()).filter(Boolean),
      });
      show(updated);
      setNotice(t('settings.saved'));
      await refresh(); // the header shows the workspace's name
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  // Languages offered: the usual ones, plus any the workspace already has.
  const offered = [...new Set([...FLOW_LANGUAGES, ...languages])];

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-header">
        <h1 id={`${id}-title`}>{t('settings.title')}</h1>
      </div>
      <p className="muted">{isAdmin ? t('settings.intro') : t('settings.readOnly')}</p>
      {error && <p className="alert error" role="alert">{error}</p>}
      {notice && <p className="alert success" role="status">{notice}</p>}
      {!saved && !error && <p role="status">{t('common.loading')}</p>}
      {saved && (
        <form onSubmit={(event) => void save(event)}>
          <fieldset disabled={!isAdmin || busy} className="card">
            <div className="field">
              <label htmlFor={`${id}-name`}>{t('settings.name')}</label>
              <input id={`${id}-name`} type="text" required value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-timezone`}>{t('settings.timezone')}</label>
              <input id={`${id}-timezone`} type="text" required value={timezone} aria-describedby={`${id}-timezone-hint`} onChange={(e) => setTimezone(e.target.value)} />
              <p className="hint" id={`${id}-timezone-hint`}>{t('settings.timezoneHint')}</p>
            </div>
            <div className="field">
              <label htmlFor={`${id}-country`}>{t('settings.country')}</label>
              <input id={`${id}-country`} type="text" maxLength={2} value={country} aria-describedby={`${id}-country-hint`} onChange={(e) => setCountry(e.target.value)} />
              <p className="hint" id={`${id}-country-hint`}>{t('settings.countryHint')}</p>
            </div>
            <fieldset>
              <legend>{t('settings.languages')}</legend>
              <div className="chips">
                {offered.map((lang) => (
                  <label className="checkbox" key={lang}>
                    <input
                      type="checkbox"
                      checked={languages.includes(lang)}
                      disabled={languages.length === 1 && languages.includes(lang)}
                      onChange={(e) => setLanguages(e.target.checked ? [...languages, lang] : languages.filter((l) => l !== lang))}
                    />
                    {languageName(lang, i18n.language)}
                  </label>
                ))}
              </div>
              <p className="hint">{t('settings.languagesHint')}</p>
            </fieldset>
            <fieldset>
              <legend>{t('settings.quietHours')}</legend>
              <label className="checkbox">
                <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.target.checked)} />
                {t('settings.quietOn')}
              </label>
              {quiet && (
                <div className="chips">
                  <div className="field inline">
                    <label htmlFor={`${id}-quiet-start`}>{t('settings.quietStart')}</label>
                    <input id={`${id}-quiet-start`} type="time" required value={quietStart} onChange={(e) => setQuietStart(e.target.value)} />
                  </div>
                  <div className="field inline">
                    <label htmlFor={`${id}-quiet-end`}>{t('settings.quietEnd')}</label>
                    <input id={`${id}-quiet-end`} type="time" required value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} />
                  </div>
                </div>
              )}
              <p className="hint">{t('settings.quietHint')}</p>
            </fieldset>
            <div className="field">
              <label htmlFor={`${id}-optout`}>{t('settings.optOutWords')}</label>
              <input id={`${id}-optout`} type="text" value={optOutWords} aria-describedby={`${id}-optout-hint`} onChange={(e) => setOptOutWords(e.target.value)} />
              <p className="hint" id={`${id}-optout-hint`}>{t('settings.optOutHint')}</p>
            </div>
            {isAdmin && (
              <button type="submit" className="button primary">
                {t('settings.save')}
              </button>
            )}
          </fieldset>
        </form>
      )}
    </section>
  );
}
