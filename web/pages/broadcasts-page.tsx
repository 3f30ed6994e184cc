/** Broadcasts: compose and target one message to many health workers, then follow it out (web/broadcasts/). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BroadcastList } from '../broadcasts/broadcast-list.js';
import { ComposeBroadcast } from '../broadcasts/compose-broadcast.js';
import '../broadcasts/broadcasts.css';

export function BroadcastsPage() {
  const { t } = useTranslation();
  const [reloadToken, setReloadToken] = useState(0);
  return (
    <section className="page" aria-labelledby="broadcasts-title">
      <div className="page-header">
        <h1 id="broadcasts-title">{t('broadcasts.title')}</h1>
      </div>
      <p className="muted">{t('broadcasts.intro')}</p>
      <div className="broadcasts-layout">
        <ComposeBroadcast onQueued={() => setReloadToken((n) => n + 1)} />
        <BroadcastList reloadToken={reloadToken} />
      </div>
    </section>
  );
}
