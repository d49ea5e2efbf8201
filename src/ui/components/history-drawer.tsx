// The chat toolbar's history and temporary-chat controls, and the drawer the history opens in.
// These are in the popup's first load, so they stay small: the history panel itself (list,
// search, rename, export) is a separate chunk, loaded the first time the drawer opens (or as soon
// as the pointer or focus reaches the button, to hide the load).
import type { Signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n';
import type { ChatModel } from '../models/chat-model';
import { Icon } from './icons';
import type { HistoryPanel } from './history-panel';
import './chat-extras.css';

type Panel = typeof HistoryPanel;
let panel: Panel | undefined;
let loading: Promise<Panel> | undefined;

export function loadHistoryPanel(): Promise<Panel> {
  loading ??= import('./history-panel').then((module) => (panel = module.HistoryPanel));
  return loading;
}

export const HISTORY_PANEL_ID = 'history-panel';

/**
 * Where the history button's panel is: the drawer over the chat (`drawer`), or a sidebar the view
 * docks beside it (the full page on a wide window; `controls` is its element's id).
 */
export interface HistoryControl {
  open: Signal<boolean>;
  drawer: boolean;
  controls?: string;
}

export function HistoryButton({ control }: { control: HistoryControl }) {
  const { open } = control;
  // A docked sidebar is shown or hidden: the label says which the click does.
  const label = control.drawer
    ? t('historyButton')
    : open.value
      ? t('appSidebarHide')
      : t('appSidebarShow');
  return (
    <button
      type="button"
      class="button button-quiet button-icon"
      data-testid="history-button"
      aria-label={label}
      title={label}
      aria-expanded={open.value}
      aria-controls={control.controls ?? HISTORY_PANEL_ID}
      onPointerEnter={() => void loadHistoryPanel()}
      onFocus={() => void loadHistoryPanel()}
      onClick={() => (open.value = !open.value)}
    >
      <Icon name="history" />
    </button>
  );
}

export function HistoryDrawer({ model, open }: { model: ChatModel; open: Signal<boolean> }) {
  const [Loaded, setLoaded] = useState<Panel | undefined>(() => panel);
  const isOpen = open.value;
  useEffect(() => {
    if (isOpen && !Loaded) void loadHistoryPanel().then((p) => setLoaded(() => p));
  }, [isOpen, Loaded]);
  if (!isOpen || !Loaded) return null;
  const close = (focus: 'button' | 'composer') => {
    open.value = false;
    const target =
      focus === 'composer'
        ? document.getElementById('composer-input')
        : document.querySelector<HTMLElement>('[data-testid="history-button"]');
    requestAnimationFrame(() => target?.focus());
  };
  return <Loaded id={HISTORY_PANEL_ID} chat={model} onClose={close} />;
}

/** Starts a temporary chat (never stored), or leaves one for an ordinary new chat. */
export function TemporaryButton({ model }: { model: ChatModel }) {
  const temporary = model.temporary.value;
  const label = temporary ? t('temporaryLeave') : t('temporaryStart');
  return (
    <button
      type="button"
      class="button button-quiet button-icon"
      data-testid="temporary-chat-button"
      aria-pressed={temporary}
      aria-label={label}
      title={label}
      onClick={() => {
        model.newChat({ temporary: !temporary });
        document.getElementById('composer-input')?.focus();
      }}
    >
      <Icon name="temporary" />
    </button>
  );
}

export function TemporaryNotice({ model }: { model: ChatModel }) {
  if (!model.temporary.value) return null;
  return (
    <p class="temporary-notice" data-testid="temporary-notice">
      {t('temporaryNotice')}
    </p>
  );
}
