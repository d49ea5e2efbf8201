// The prompt library (issue 13): saved prompts with a title, a text holding variables
// ({{selection}}, {{url}}, {{title}}, {{clipboard}}) and whether the context menu lists them; the
// composer's `/` inserts them. Below them, the context menu's options (edit before sending, the
// longest selection). Edited as a draft and saved together through the worker (settings-update);
// the worker rebuilds the menu when the prompts change. Until the library is first saved it shows
// the default prompts in the UI's language (shared/prompts.ts).
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLanguage, t, type MessageKey } from '../../shared/i18n';
import { promptsOf, type PromptRecord } from '../../shared/prompts';
import type { Settings } from '../../shared/settings';
import type { OptionsModel } from '../models/options-model';

interface Draft {
  prompts: PromptRecord[];
  editBeforeSend: boolean;
  maxChars: string;
}

function draftOf(settings: Settings): Draft {
  return {
    prompts: promptsOf(settings, t, currentLanguage()).map((prompt) => ({ ...prompt })),
    editBeforeSend: settings.selection.editBeforeSend,
    maxChars: String(settings.selection.maxChars),
  };
}

export function PromptsSection({ model }: { model: OptionsModel }) {
  const settings = model.settings.value;
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [status, setStatus] = useState<{ error?: MessageKey; saved?: boolean }>({});
  const edited = useRef(false);
  const added = useRef<string | undefined>(undefined);
  const stored = JSON.stringify([settings.prompts, settings.selection]);
  useEffect(() => {
    if (!edited.current) setDraft(draftOf(settings));
    // `stored` stands for the settings' parts shown here, new objects on every render.
  }, [stored]);
  // A prompt just added: its title field takes the focus.
  useEffect(() => {
    if (!added.current) return;
    document.getElementById(`prompt-title-${added.current}`)?.focus();
    added.current = undefined;
  }, [draft.prompts.length]);

  const change = (next: Partial<Draft>) => {
    edited.current = true;
    setDraft((d) => ({ ...d, ...next }));
    setStatus({});
  };
  const changePrompt = (index: number, patch: Partial<PromptRecord>) =>
    change({ prompts: draft.prompts.map((p, i) => (i === index ? { ...p, ...patch } : p)) });
  const move = (index: number, delta: -1 | 1) => {
    const prompts = [...draft.prompts];
    const to = index + delta;
    if (to < 0 || to >= prompts.length) return;
    [prompts[index], prompts[to]] = [prompts[to]!, prompts[index]!];
    change({ prompts });
  };

  const save = async () => {
    const maxChars = Number(draft.maxChars);
    if (!Number.isInteger(maxChars) || maxChars < 100) {
      setStatus({ error: 'optionsMaxCharsInvalid' });
      return;
    }
    const prompts = draft.prompts.map((p) => ({
      ...p,
      title: p.title.trim(),
      text: p.text.trim(),
    }));
    if (prompts.some((p) => !p.title || !p.text)) {
      setStatus({ error: 'optionsTemplateIncomplete' });
      return;
    }
    await model.update((s) => ({
      ...s,
      prompts,
      selection: { ...s.selection, editBeforeSend: draft.editBeforeSend, maxChars },
    }));
    edited.current = false;
    setStatus({ saved: true });
  };

  return (
    <section class="options-section" aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t('optionsTemplatesTitle')}</h2>
      <p class="hint">{t('optionsTemplatesHint')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {draft.prompts.length === 0 && <p class="hint">{t('optionsTemplatesNone')}</p>}
        {draft.prompts.map((prompt, index) => {
          const name = prompt.title || t('optionsTemplateUntitled');
          return (
            <fieldset
              key={prompt.id}
              class="prompt"
              data-testid="prompt"
              data-prompt-id={prompt.id}
            >
              <legend class="visually-hidden">{name}</legend>
              <div class="prompt-head">
                <label for={`prompt-title-${prompt.id}`}>{t('optionsTemplateName')}</label>
                <input
                  id={`prompt-title-${prompt.id}`}
                  data-testid="prompt-title"
                  value={prompt.title}
                  onInput={(event) => changePrompt(index, { title: event.currentTarget.value })}
                />
                <div class="prompt-tools">
                  <button
                    type="button"
                    class="button button-quiet"
                    data-testid="prompt-up"
                    aria-label={t('optionsPromptUp', name)}
                    title={t('optionsPromptUp', name)}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    class="button button-quiet"
                    data-testid="prompt-down"
                    aria-label={t('optionsPromptDown', name)}
                    title={t('optionsPromptDown', name)}
                    disabled={index === draft.prompts.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    class="button button-quiet"
                    data-testid="prompt-remove"
                    aria-label={t('optionsPromptRemove', name)}
                    onClick={() => change({ prompts: draft.prompts.filter((_, i) => i !== index) })}
                  >
                    {t('optionsTemplateRemove')}
                  </button>
                </div>
              </div>
              <label for={`prompt-text-${prompt.id}`}>{t('optionsTemplatePrompt')}</label>
              <textarea
                id={`prompt-text-${prompt.id}`}
                data-testid="prompt-text"
                rows={3}
                value={prompt.text}
                placeholder="{{selection}}"
                onInput={(event) => changePrompt(index, { text: event.currentTarget.value })}
              />
              <label class="check">
                <input
                  type="checkbox"
                  data-testid="prompt-in-menu"
                  checked={prompt.inMenu}
                  onChange={(event) => changePrompt(index, { inMenu: event.currentTarget.checked })}
                />
                {t('optionsPromptInMenu')}
              </label>
            </fieldset>
          );
        })}
        <button
          type="button"
          class="button"
          data-testid="prompt-add"
          onClick={() => {
            const id = crypto.randomUUID();
            added.current = id;
            change({
              prompts: [...draft.prompts, { id, title: '', text: '{{selection}}', inMenu: false }],
            });
          }}
        >
          {t('optionsTemplateAdd')}
        </button>

        <h3>{t('optionsSelectionTitle')}</h3>
        <label class="check">
          <input
            type="checkbox"
            checked={draft.editBeforeSend}
            onChange={(event) => change({ editBeforeSend: event.currentTarget.checked })}
          />
          {t('optionsEditBeforeSend')}
        </label>
        <label for="selection-max-chars">{t('optionsMaxChars')}</label>
        <input
          id="selection-max-chars"
          type="number"
          min={100}
          step={100}
          value={draft.maxChars}
          onInput={(event) => change({ maxChars: event.currentTarget.value })}
        />
        <div class="form-actions">
          <button type="submit" class="button button-primary" data-testid="prompts-save">
            {t('optionsSave')}
          </button>
        </div>
        <p class={`status${status.error ? ' status-error' : ''}`} role="status">
          {status.error ? t(status.error) : status.saved ? t('optionsSaved') : ''}
        </p>
      </form>
    </section>
  );
}
