// The full page's layout: on a wide window the history is a sidebar beside the chat (collapsible,
// the choice remembered in this page's localStorage, read before the first render so it never
// flickers); on a narrow one the chat alone, with the history in its usual drawer.
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { effect, signal, useSignal, type Signal } from '@preact/signals';
import type { ChatModel } from '../models/chat-model';
import type { ChatPlacement } from '../components/mount-chat';
import { loadHistoryPanel } from '../components/history-drawer';
import type { HistoryPanel } from '../components/history-panel';

/** Wide enough for a sidebar beside a readable column. */
export const WIDE_QUERY = '(min-width: 880px)';
export const SIDEBAR_ID = 'app-sidebar';
/** localStorage: 'closed' when the person collapsed the sidebar. */
export const SIDEBAR_KEY = 'parley.app.sidebar';

export interface SidebarMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The sidebar's open state, read from and written back to `memory`. */
export function rememberedSidebar(memory: SidebarMemory | undefined): Signal<boolean> {
  let initial = true;
  try {
    initial = memory?.getItem(SIDEBAR_KEY) !== 'closed';
  } catch {
    // Storage can be unavailable: the sidebar is open, and its state is not remembered.
  }
  const open = signal(initial);
  effect(() => {
    const value = open.value ? 'open' : 'closed';
    try {
      memory?.setItem(SIDEBAR_KEY, value);
    } catch {
      // As above.
    }
  });
  return open;
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const list = matchMedia(query);
    const change = () => setMatches(list.matches);
    list.addEventListener('change', change);
    return () => list.removeEventListener('change', change);
  }, [query]);
  return matches;
}

export function AppLayout({
  model,
  chat,
  sidebarOpen,
}: {
  model: ChatModel;
  chat: (placement: ChatPlacement) => VNode;
  sidebarOpen: Signal<boolean>;
}) {
  const wide = useMediaQuery(WIDE_QUERY);
  const drawerOpen = useSignal(false);
  const docked = wide && sidebarOpen.value;
  return (
    <div class="app-layout" data-testid="app-layout" data-sidebar={docked ? 'open' : 'closed'}>
      {docked && (
        <aside id={SIDEBAR_ID} class="app-sidebar" data-testid="app-sidebar">
          <DockedHistory model={model} onCollapse={() => (sidebarOpen.value = false)} />
        </aside>
      )}
      {chat({
        history: wide
          ? { open: sidebarOpen, drawer: false, controls: SIDEBAR_ID }
          : { open: drawerOpen, drawer: true },
      })}
    </div>
  );
}

type Panel = typeof HistoryPanel;

/** The history panel, docked; its code loads after the first paint, as the drawer's does. */
function DockedHistory({ model, onCollapse }: { model: ChatModel; onCollapse(): void }) {
  const [Loaded, setLoaded] = useState<Panel | undefined>(undefined);
  useEffect(() => void loadHistoryPanel().then((panel) => setLoaded(() => panel)), []);
  if (!Loaded) return null;
  const close = (focus: 'button' | 'composer') => {
    if (focus === 'button') onCollapse();
    const target =
      focus === 'composer'
        ? document.getElementById('composer-input')
        : document.querySelector<HTMLElement>('[data-testid="history-button"]');
    requestAnimationFrame(() => target?.focus());
  };
  return <Loaded id="history-panel" chat={model} onClose={close} docked />;
}
