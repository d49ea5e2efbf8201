// The context meter above the composer (docs/protocol.md: `context-meter` with `data-tokens`,
// `data-window`): what the message will cost against the model's window, and when it does not fit,
// what to trim or drop. Shown once the message is large or carries attachments (context-tray.tsx);
// a chunk of its own (chat-parts.ts).
import { currentLanguage, t, type MessageKey } from '../../shared/i18n';
import { textWithinTokens } from '../../shared/token-estimate';
import { choices, trimTarget, type MeterPart } from '../models/context-meter';
import type { ComposerContext } from '../models/composer-context';
import { trimDocument } from '../models/tab-context';

const count = (n: number) => new Intl.NumberFormat(currentLanguage()).format(n);

const PART_NAMES: Partial<Record<MeterPart['kind'], MessageKey>> = {
  text: 'meterPartText',
  history: 'meterPartHistory',
};

export function ContextMeter({ context }: { context: ComposerContext }) {
  const reading = context.reading.value;
  const window = reading.window;
  const share = window ? Math.min(1, (reading.total + reading.reserve) / window.tokens) : 0;
  const from = window
    ? t(
        window.from === 'setting'
          ? 'meterFromSetting'
          : window.from === 'browser'
            ? 'meterFromBrowser'
            : 'meterFromKnown',
      )
    : '';
  const offered = choices(reading);
  return (
    <div
      class={`context-meter${reading.over > 0 ? ' context-meter-over' : ''}`}
      data-testid="context-meter"
      data-tokens={reading.total}
      data-window={window?.tokens ?? ''}
      data-over={reading.over}
    >
      <div
        class="context-meter-line"
        title={window ? t('meterWindowFrom', [count(window.tokens), from]) : undefined}
      >
        <span class="visually-hidden">{t('meterLabel')}</span>
        {window && (
          <span class="context-meter-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(share * 100)}%` }} />
          </span>
        )}
        <span class="context-meter-figure">
          {window
            ? t('meterOfWindow', [count(reading.total), count(window.tokens)])
            : t(context.auto() ? 'meterAuto' : 'meterNoWindow', count(reading.total))}
          {reading.uncounted > 0 && (
            <span data-testid="meter-uncounted">
              {' · '}
              {t('meterUncounted', count(reading.uncounted))}
            </span>
          )}
        </span>
      </div>
      {reading.over > 0 && (
        <div class="context-meter-choices" role="alert" data-testid="meter-over">
          <p>{t('meterOver', count(reading.over))}</p>
          <ul>
            {offered.map((part) => {
              const keep = trimTarget(reading, part.id);
              // A part neither trimming nor dropping can help is not offered.
              if (keep === undefined && !part.droppable) return null;
              const name = PART_NAMES[part.kind];
              return (
                <li key={part.id} data-testid="meter-choice" data-part={part.id}>
                  <span class="context-meter-part">{name ? t(name) : part.label}</span>
                  <span class="context-meter-tokens">≈{count(part.tokens)}</span>
                  {keep !== undefined && (
                    <button
                      type="button"
                      class="button button-quiet"
                      data-testid="meter-trim"
                      onClick={() => trim(context, part, keep)}
                    >
                      {t('meterTrim')}
                    </button>
                  )}
                  {part.droppable && (
                    <button
                      type="button"
                      class="button button-quiet"
                      data-testid="meter-drop"
                      onClick={() => drop(context, part)}
                    >
                      {t('meterDrop')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}

const attachmentId = (part: MeterPart) => part.id.slice('attachment:'.length);

function trim(context: ComposerContext, part: MeterPart, tokens: number): void {
  if (part.kind === 'text')
    context.chat.draft.value = textWithinTokens(context.chat.draft.peek(), tokens);
  else trimDocument(context.chat.attachments, attachmentId(part), tokens);
}

function drop(context: ComposerContext, part: MeterPart): void {
  if (part.id.startsWith('attachment:')) context.chat.attachments.remove(attachmentId(part));
}
