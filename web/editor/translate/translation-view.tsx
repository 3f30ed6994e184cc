/**
 * Translation mode: the flow's languages with how much of each is translated, a way to add a language, and
 * for the chosen language every text to translate (from the engine's list of localizable fields) with the
 * base text beside the translation. Edits go through the editor (undo, autosave) into `flow.localization`.
 *
 *   <TranslationView editor={editor} readOnly={false} />
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../runtime/definition/types.js';
import { describeAction } from '../canvas/describe-step.js';
import { FLOW_LANGUAGES, htmlLang, languageName } from '../../flows/flow-languages.js';
import type { FlowEditor } from '../edit/use-flow-editor.js';
import {
  addLanguage,
  flowLanguages,
  isTranslated,
  setTranslation,
  translatableTexts,
  translationOf,
  translationProgress,
  type TranslatableText,
} from '../model/translations.js';

/** Where a text comes from, in words: the action's title, or the step's rule / category. */
function itemLabel(flow: Flow, text: TranslatableText, t: ReturnType<typeof useTranslation>['t']): string {
  const index = flow.nodes.findIndex((node) => node.uuid === text.nodeUuid);
  const node = flow.nodes[index];
  const action = text.actionUuid ? node?.actions.find((candidate) => candidate.uuid === text.actionUuid) : undefined;
  const what = action ? describeAction(action, t).title : t('translate.router');
  return t('translate.itemLabel', { step: index + 1, what });
}

export function TranslationView({ editor, readOnly }: { editor: FlowEditor; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const { flow } = editor;
  const texts = useMemo(() => translatableTexts(flow), [flow]);
  const languages = flowLanguages(flow);
  const targets = languages.filter((language) => language !== flow.language);
  const [chosen, setChosen] = useState<string | null>(null);
  const language = chosen && targets.includes(chosen) ? chosen : targets[0] ?? null;
  const addable = FLOW_LANGUAGES.filter((code) => !languages.includes(code));
  const [toAdd, setToAdd] = useState<string>('');
  const [onlyMissing, setOnlyMissing] = useState(false);
  // Frozen when the filter is switched on: a row must not vanish under the translator's fingers.
  const [missingAtFilter, setMissingAtFilter] = useState<ReadonlySet<string>>(new Set());
  const name = (code: string) => languageName(code, i18n.language);
  const keyOf = (text: TranslatableText) => `${text.itemUuid}:${text.property}`;

  function add() {
    const code = toAdd || addable[0];
    if (!code) return;
    editor.change((current) => addLanguage(current, code));
    setChosen(code);
    setToAdd('');
  }

  function edit(text: TranslatableText, index: number, value: string) {
    if (!language) return;
    editor.change((current) => {
      const existing = translationOf(current, language, text.itemUuid, text.property) ?? [];
      const values = text.base.map((_base, at) => (at === index ? value : existing[at] ?? ''));
      return setTranslation(current, language, text.itemUuid, text.property, values);
    }, `translate:${language}:${text.itemUuid}:${text.property}:${index}`);
  }

  const shown = language && onlyMissing ? texts.filter((text) => missingAtFilter.has(keyOf(text))) : texts;

  return (
    <div className="translate-view">
      <section aria-labelledby={`${ids}-languages`} className="translate-languages">
        <h2 id={`${ids}-languages`} className="small-heading">
          {t('translate.languages')}
        </h2>
        <ul className="translate-progress-list">
          <li>
            <strong>{name(flow.language)}</strong> <span className="muted">{t('translate.baseLanguage')}</span>
          </li>
          {targets.map((code) => {
            const progress = translationProgress(flow, code, texts);
            return (
              <li key={code}>
                <button type="button" className="button link" aria-pressed={code === language} onClick={() => setChosen(code)}>
                  {name(code)}
                </button>{' '}
                <progress max={100} value={progress.percent} aria-label={t('translate.progressLabel', { language: name(code) })} />{' '}
                <span className="translate-percent" data-language={code}>
                  {t('translate.progress', { percent: progress.percent, done: progress.done, total: progress.total })}
                </span>
              </li>
            );
          })}
        </ul>
        {!readOnly && addable.length > 0 && (
          <div className="inline-row">
            <label htmlFor={`${ids}-add`}>{t('translate.addLanguage')}</label>
            <select id={`${ids}-add`} value={toAdd || addable[0]} onChange={(event) => setToAdd(event.target.value)}>
              {addable.map((code) => (
                <option key={code} value={code}>
                  {name(code)}
                </option>
              ))}
            </select>
            <button type="button" className="button small" onClick={add}>
              {t('translate.add')}
            </button>
          </div>
        )}
      </section>

      {!language ? (
        <p className="muted">{t('translate.noLanguage')}</p>
      ) : texts.length === 0 ? (
        <p className="muted">{t('translate.nothing')}</p>
      ) : (
        <section aria-labelledby={`${ids}-texts`} className="translate-texts">
          <div className="inline-row">
            <h2 id={`${ids}-texts`} className="small-heading">
              {t('translate.textsIn', { language: name(language) })}
            </h2>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={onlyMissing}
                onChange={(event) => {
                  setOnlyMissing(event.target.checked);
                  setMissingAtFilter(new Set(texts.filter((text) => !text.optional && !isTranslated(flow, language, text)).map(keyOf)));
                }}
              />{' '}
              {t('translate.onlyMissing')}
            </label>
          </div>
          <table className="translate-table">
            <thead>
              <tr>
                <th scope="col">{t('translate.where')}</th>
                <th scope="col">{t('translate.baseText', { language: name(flow.language) })}</th>
                <th scope="col">{t('translate.translation', { language: name(language) })}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((text) => {
                const values = translationOf(flow, language, text.itemUuid, text.property) ?? [];
                const where = itemLabel(flow, text, t);
                const property = t(`translate.properties.${text.property}`, { defaultValue: text.property });
                return text.base.map((base, index) => {
                  const fieldId = `${ids}-${text.itemUuid}-${text.property}-${index}`;
                  const long = base.length > 60 || base.includes('\n');
                  return (
                    <tr key={fieldId} className={isTranslated(flow, language, text) ? 'translated' : text.optional ? 'optional' : 'missing'}>
                      <td className="muted small">
                        {where}
                        <br />
                        {property}
                        {text.optional && (
                          <>
                            <br />
                            <em>{t('translate.optionalNumber')}</em>
                          </>
                        )}
                      </td>
                      <td lang={htmlLang(flow.language)} className="translate-base">
                        {base}
                      </td>
                      <td>
                        <label htmlFor={fieldId} className="visually-hidden">
                          {t('translate.fieldLabel', { language: name(language), text: base })}
                        </label>
                        {long ? (
                          <textarea id={fieldId} lang={htmlLang(language)} rows={3} value={values[index] ?? ''} readOnly={readOnly} onChange={(event) => edit(text, index, event.target.value)} />
                        ) : (
                          <input id={fieldId} lang={htmlLang(language)} value={values[index] ?? ''} readOnly={readOnly} onChange={(event) => edit(text, index, event.target.value)} />
                        )}
                      </td>
                    </tr>
                  );
                });
              })}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
