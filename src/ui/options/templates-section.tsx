// The user's prompt templates for the context menu (settings.selection.templates), with the
// selection limits. Placeholders: {{selection}}, {{url}}, {{title}}. Edited as a draft, saved
// together (the worker rebuilds the menu when they change).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../shared/i18n';
import type { PromptTemplate } from '../../shared/settings';
import type { OptionsModel } from '../models/options-model';

interface Draft {
  templates: PromptTemplate[];
  editBeforeSend: boolean;
  maxChars: string;
}

export function TemplatesSection({ model }: { model: OptionsModel }) {
  const selection = model.settings.value.selection;
  const fromSettings = (): Draft => ({
    templates: selection.templates.map((template) => ({ ...template })),
    editBeforeSend: selection.editBeforeSend,
    maxChars: String(selection.maxChars),
  });
  const [draft, setDraft] = useState<Draft>(fromSettings);
  const [status, setStatus] = useState<{ error?: MessageKey; saved?: boolean }>({});
  const edited = useRef(false);
  const stored = JSON.stringify(selection);
  useEffect(() => {
    if (!edited.current) setDraft(fromSettings());
    // `stored` stands for `selection`, a new object on every render.
  }, [stored]);

  const change = (next: Partial<Draft>) => {
    edited.current = true;
    setDraft((d) => ({ ...d, ...next }));
    setStatus({});
  };
  const changeTemplate = (index: number, patch: Partial<PromptTemplate>) =>
    change({
      templates: draft.templates.map((tpl, i) => (i === index ? { ...tpl, ...patch } : tpl)),
    });

  const save = async () => {
    const maxChars = Number(draft.maxChars);
    if (!Number.isInteger(maxChars) || maxChars < 100) {
      setStatus({ error: 'optionsMaxCharsInvalid' });
      return;
    }
    const templates = draft.templates.map((tpl) => ({
      ...tpl,
      title: tpl.title.trim(),
      prompt: tpl.prompt.trim(),
    }));
    if (templates.some((tpl) => !tpl.title || !tpl.prompt)) {
      setStatus({ error: 'optionsTemplateIncomplete' });
      return;
    }
    await model.saveSelection({ templates, editBeforeSend: draft.editBeforeSend, maxChars });
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
        {draft.templates.length === 0 && <p class="hint">{t('optionsTemplatesNone')}</p>}
        {draft.templates.map((template, index) => (
          <fieldset key={template.id} class="template" data-testid="template">
            <legend class="visually-hidden">
              {template.title || t('optionsTemplateUntitled')}
            </legend>
            <label for={`template-title-${template.id}`}>{t('optionsTemplateName')}</label>
            <input
              id={`template-title-${template.id}`}
              data-testid="template-title"
              value={template.title}
              onInput={(event) => changeTemplate(index, { title: event.currentTarget.value })}
            />
            <label for={`template-prompt-${template.id}`}>{t('optionsTemplatePrompt')}</label>
            <textarea
              id={`template-prompt-${template.id}`}
              data-testid="template-prompt"
              rows={3}
              value={template.prompt}
              placeholder="{{selection}}"
              onInput={(event) => changeTemplate(index, { prompt: event.currentTarget.value })}
            />
            <button
              type="button"
              class="button button-quiet"
              onClick={() => change({ templates: draft.templates.filter((_, i) => i !== index) })}
            >
              {t('optionsTemplateRemove')}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          class="button"
          data-testid="template-add"
          onClick={() =>
            change({
              templates: [
                ...draft.templates,
                { id: crypto.randomUUID(), title: '', prompt: '{{selection}}' },
              ],
            })
          }
        >
          {t('optionsTemplateAdd')}
        </button>

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
          <button type="submit" class="button button-primary" data-testid="templates-save">
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
