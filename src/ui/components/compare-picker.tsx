// Compare as a composer mode: while it is on, the providers to send to (2–4), picked as chips
// above the composer. A chunk of its own (chat-parts.ts), loaded once the chat has painted; the
// toggle that turns the mode on is compare-toggle.tsx, in the first load.
import { useSignal } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import { pickerEntries } from '../models/provider-state';
import { acceptsInput, isUsable } from '../../shared/provider-state';
import { COMPARE_MIN } from '../../shared/protocol';
import { t } from '../../shared/i18n';

/** The providers a compared message goes to; shown while compare is on. */
export function ComparePicker({ model }: { model: ChatModel }) {
  const comparison = model.comparison;
  const tooMany = useSignal(false);
  if (!comparison.enabled.value) return null;
  const picked = comparison.providerIds.value;
  const groups = pickerEntries(model.providers.value, model.settings.value, '', model.found.value);
  // Providers a send may go to (the pickers' one rule, isUsable) — a seed provider too, once
  // pointed at a mirror — and any picked one that is not usable now (so it can be unpicked).
  const ready = [...groups.ready, ...groups.legacy.filter((e) => isUsable(e.state))];
  const offered = [
    ...ready.map((e) => e.info),
    ...model.providers.value.filter(
      (p) => picked.includes(p.id) && !ready.some((e) => e.info.id === p.id),
    ),
  ];
  // With an image attached, a provider that takes none is marked: it would refuse in its column.
  const needs = model.attachments.needs.value;
  const note =
    picked.length < COMPARE_MIN
      ? t('comparePickMore')
      : tooMany.value
        ? t('compareTooMany')
        : undefined;
  return (
    <div class="compare-picker">
      <div class="compare-options" role="group" aria-label={t('compareProviders')}>
        {offered.map((info) => {
          const on = picked.includes(info.id);
          const takes = acceptsInput(info, needs);
          return (
            <button
              key={info.id}
              type="button"
              class={`compare-option${on ? ' is-on' : ''}`}
              data-testid="compare-provider-option"
              data-provider-id={info.id}
              data-takes-input={takes}
              aria-pressed={on}
              disabled={model.streaming.value}
              onClick={() => (tooMany.value = !comparison.pick(info.id))}
            >
              {takes ? info.displayName : t('providerNoImages', info.displayName)}
            </button>
          );
        })}
      </div>
      {note && (
        <p class="compare-note" data-testid="compare-note">
          {note}
        </p>
      )}
    </div>
  );
}
