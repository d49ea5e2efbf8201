import { describe, expect, it } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { handleOpenSidePanelCommand, OPEN_SIDE_PANEL_COMMAND } from './side-panel-command';

describe('the side-panel shortcut', () => {
  it('is declared in the manifest with a suggested key and a translated description', () => {
    const command = (
      manifest.commands as Record<
        string,
        { suggested_key: { default: string }; description?: string }
      >
    )[OPEN_SIDE_PANEL_COMMAND];
    expect(command?.suggested_key.default).toBe('Alt+Shift+O');
    expect(command?.description).toBe('__MSG_commandOpenSidePanel__');
  });

  it('opens the side panel of the window the key was pressed in, before anything is awaited', async () => {
    const opened: number[] = [];
    const done = handleOpenSidePanelCommand(
      { windowId: 7 },
      { openSidePanel: async (id) => void opened.push(id), log: () => undefined },
    );
    // Synchronously: the gesture is only good now.
    expect(opened).toEqual([7]);
    await done;
  });

  it('logs instead of throwing when it cannot open', async () => {
    const logs: string[] = [];
    const deps = {
      openSidePanel: () => Promise.reject(new Error('no gesture')),
      log: (message: string) => void logs.push(message),
    };
    await handleOpenSidePanelCommand({ windowId: 1 }, deps);
    await handleOpenSidePanelCommand(undefined, deps);
    expect(logs).toEqual([
      'side panel did not open',
      'side-panel shortcut without a window; nothing opened',
    ]);
  });
});
