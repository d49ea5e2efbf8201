// "Summarize this page" and "Translate" on a picked tab's chip, with Chrome's built-in models in
// this view (on-device.ts): the result takes the tab's text's place in the message, its chip
// marked "on this device". Shown only where the browser has the API and says it can run it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { currentLanguage, t } from '../../shared/i18n';
import type { PendingAttachment } from '../models/composer-attachments';
import { replaceDocument, type TabAttachments } from '../models/tab-context';
import {
  baseLanguage,
  DeviceError,
  deviceAI,
  summarizeOnDevice,
  translateOnDevice,
  type DeviceAI,
} from '../tabs/on-device';

export function DeviceActions({
  item,
  lang,
  attachments,
  ai: given,
}: {
  item: PendingAttachment;
  /** The page's language, when it said. */
  lang: string | undefined;
  attachments: TabAttachments;
  ai?: DeviceAI;
}) {
  // Looked up once: a new object each render would re-run the availability check forever.
  const ai = useMemo(() => given ?? deviceAI(), [given]);
  const target = baseLanguage(currentLanguage());
  const source = baseLanguage(lang);
  const [can, setCan] = useState({ summarize: false, translate: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const usable = (answer: Promise<string> | undefined) =>
      (answer ?? Promise.resolve('unavailable')).then(
        (a) => a !== 'unavailable',
        () => false,
      );
    const pair = source && source !== target;
    void Promise.all([
      usable(ai.summarizer?.availability()),
      pair
        ? usable(ai.translator?.availability({ sourceLanguage: source, targetLanguage: target }))
        : Promise.resolve(false),
    ]).then(([summarize, translate]) => live && setCan({ summarize, translate }));
    return () => {
      live = false;
    };
  }, [ai, source, target]);

  const input = item.input;
  if (item.note || input?.kind !== 'document' || (!can.summarize && !can.translate)) return null;
  const run = (kind: 'summary' | 'translation') => {
    setBusy(true);
    setError(undefined);
    const signal = new AbortController().signal;
    const text = input.text;
    const work =
      kind === 'summary'
        ? summarizeOnDevice(ai.summarizer!, text, target, signal)
        : translateOnDevice(
            ai.translator!,
            text,
            { sourceLanguage: source, targetLanguage: target },
            signal,
          );
    void work.then(
      (result) =>
        replaceDocument(
          attachments,
          item.id,
          result,
          t(kind === 'summary' ? 'deviceSummaryNote' : 'deviceTranslationNote'),
        ),
      (failure: unknown) => {
        setBusy(false);
        setError(
          failure instanceof DeviceError
            ? t(failure.reason === 'too-long' ? 'deviceTooLong' : 'deviceUnavailable')
            : t('deviceFailed', failure instanceof Error ? failure.message : String(failure)),
        );
      },
    );
  };
  return (
    <span class="device-actions">
      {busy ? (
        <span class="device-busy" role="status">
          {t('deviceWorking')}
        </span>
      ) : (
        <>
          {can.summarize && (
            <button
              type="button"
              class="button button-quiet device-action"
              data-testid="device-summarize"
              title={`${t('deviceSummarize')} (${t('deviceOnThis')})`}
              onClick={() => run('summary')}
            >
              {t('deviceSummarize')}
              <span class="device-mark"> · {t('deviceOnThis')}</span>
            </button>
          )}
          {can.translate && (
            <button
              type="button"
              class="button button-quiet device-action"
              data-testid="device-translate"
              title={`${t('deviceTranslate')} (${t('deviceOnThis')})`}
              onClick={() => run('translation')}
            >
              {t('deviceTranslate')}
              <span class="device-mark"> · {t('deviceOnThis')}</span>
            </button>
          )}
        </>
      )}
      {error && (
        <span class="device-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
