// Export, import and delete everything. Import sends the file's text to the worker, which checks
// it whole before writing (backup.ts): a bad file is refused with the reason, and nothing changes.
import { useState } from 'preact/hooks';
import type { ImportProblemReason, ImportResult } from '../../shared/backup';
import { toWireError, type WireError } from '../../shared/errors';
import { currentLanguage, t, type MessageKey } from '../../shared/i18n';
import { downloadText } from '../components/download';
import { ERROR_KEYS } from '../components/error-text';
import type { OptionsModel } from '../models/options-model';

const REASON_KEYS: Record<ImportProblemReason, MessageKey> = {
  'not-json': 'importNotJson',
  'not-a-backup': 'importNotBackup',
  'wrong-version': 'importWrongVersion',
  'wrong-shape': 'importWrongShape',
  'duplicate-id': 'importDuplicateId',
  'unknown-conversation': 'importUnknownConversation',
};

type Outcome =
  { result: ImportResult } | { failed: WireError } | { deleted: true } | { exported: string };

/** Which control the outcome belongs to: it is shown beside that control. */
type Place = 'export' | 'import' | 'delete';

export function DataSection({ model }: { model: OptionsModel }) {
  const [includeKeys, setIncludeKeys] = useState(false);
  const [outcome, setOutcome] = useState<{ place: Place; outcome: Outcome } | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const name = (id: string) => model.providerName(id);

  const run = async (place: Place, task: () => Promise<Outcome>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ place, outcome: await task() });
    } catch (error) {
      setOutcome({ place, outcome: { failed: toWireError(error) } });
    } finally {
      setBusy(false);
    }
  };

  const exportJson = () =>
    run('export', async () => {
      const file = await model.exportJson(includeKeys);
      downloadText(file.fileName, file.text, 'application/json');
      return { exported: file.fileName };
    });

  const exportMarkdown = () =>
    run('export', async () => {
      const date = new Intl.DateTimeFormat(currentLanguage(), {
        dateStyle: 'long',
        timeStyle: 'short',
      });
      const names = new Map(model.providers.value.map((p) => [p.id, p.displayName]));
      const file = await model.exportMarkdown({
        user: t('roleUser'),
        assistant: t('roleAssistant'),
        system: t('roleSystem'),
        via: (name) => t('answeredBy', name),
        providerName: (id) => names.get(id) ?? id,
        date: (ms) => date.format(ms),
      });
      downloadText(file.fileName, file.text, 'text/markdown');
      return { exported: file.fileName };
    });

  const importFile = (file: File) =>
    run('import', async () => ({ result: await model.importJson(await file.text()) }));

  const deleteAll = () =>
    run('delete', async () => {
      setConfirming(false);
      await model.deleteAll();
      return { deleted: true };
    });

  return (
    <section class="options-section" aria-labelledby="data-heading">
      <h2 id="data-heading">{t('optionsDataTitle')}</h2>

      <h3>{t('optionsExportTitle')}</h3>
      <label class="check">
        <input
          type="checkbox"
          data-testid="export-include-keys"
          checked={includeKeys}
          onChange={(event) => setIncludeKeys(event.currentTarget.checked)}
        />
        {t('optionsExportKeys')}
      </label>
      <div class="form-actions">
        <button
          type="button"
          class="button"
          data-testid="export-json"
          disabled={busy}
          onClick={() => void exportJson()}
        >
          {t('optionsExportJson')}
        </button>
        <button
          type="button"
          class="button"
          data-testid="export-markdown"
          disabled={busy}
          onClick={() => void exportMarkdown()}
        >
          {t('optionsExportMarkdown')}
        </button>
      </div>
      {outcome?.place === 'export' && (
        <OutcomeNotice outcome={outcome.outcome} providerName={name} />
      )}

      <h3>{t('optionsImportTitle')}</h3>
      <p class="hint">{t('optionsImportHint')}</p>
      <label for="import-file" class="visually-hidden">
        {t('optionsImportFile')}
      </label>
      <input
        id="import-file"
        type="file"
        accept="application/json,.json"
        data-testid="import-file"
        disabled={busy}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void importFile(file);
        }}
      />
      {outcome?.place === 'import' && (
        <OutcomeNotice outcome={outcome.outcome} providerName={name} />
      )}

      <h3>{t('optionsDeleteTitle')}</h3>
      <p class="hint">{t('optionsDeleteHint')}</p>
      {confirming ? (
        <div class="notice notice-danger" role="alertdialog" aria-labelledby="delete-confirm-text">
          <span id="delete-confirm-text">{t('optionsDeleteConfirmText')}</span>
          <div class="form-actions">
            <button
              type="button"
              class="button button-stop"
              data-testid="delete-all-confirm"
              autoFocus
              onClick={() => void deleteAll()}
            >
              {t('optionsDeleteConfirm')}
            </button>
            <button type="button" class="button" onClick={() => setConfirming(false)}>
              {t('optionsCancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          class="button button-danger"
          data-testid="delete-all"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {t('optionsDeleteAll')}
        </button>
      )}
      {outcome?.place === 'delete' && (
        <OutcomeNotice outcome={outcome.outcome} providerName={name} />
      )}
    </section>
  );
}

function OutcomeNotice({
  outcome,
  providerName,
}: {
  outcome: Outcome;
  providerName: (id: string) => string;
}) {
  if ('exported' in outcome) {
    return (
      <p class="notice" role="status" data-testid="data-result" data-outcome="exported">
        {t('optionsExported', outcome.exported)}
      </p>
    );
  }
  if ('deleted' in outcome) {
    return (
      <p class="notice" role="status" data-testid="data-result" data-outcome="deleted">
        {t('optionsDeleted')}
      </p>
    );
  }
  if ('failed' in outcome) {
    return (
      <p class="notice notice-danger" role="alert" data-testid="data-result" data-outcome="failed">
        {t(ERROR_KEYS[outcome.failed.code], t('errorGeneric'))} {outcome.failed.message}
      </p>
    );
  }
  const { result } = outcome;
  if ('imported' in result) {
    const dropped = result.imported.keysDropped ?? [];
    return (
      <div class="notice" role="status" data-testid="data-result" data-outcome="imported">
        <p>
          {t('importDone', [
            String(result.imported.conversations),
            String(result.imported.messages),
          ])}
        </p>
        {dropped.length > 0 && (
          <p data-testid="import-keys-dropped">
            {t('importKeysDropped', dropped.map(providerName).join(', '))}
          </p>
        )}
      </div>
    );
  }
  return (
    <div
      class="notice notice-danger"
      role="alert"
      data-testid="data-result"
      data-outcome="rejected"
      data-reason={result.rejected.reason}
    >
      <p>
        {t('importRejected')} {t(REASON_KEYS[result.rejected.reason])}
      </p>
      <p class="status-detail">{result.rejected.detail}</p>
    </div>
  );
}
