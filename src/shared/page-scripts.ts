// Functions injected into a page with scripting.executeScript, by the worker (the context menu) and
// by the views (the `/` menu's {{selection}} from the active tab, a picked tab). They are serialised
// and run in the page, so each must be self-contained. Also the shape of executeScript they go
// through, and how its answer is read in both browsers.

/** One frame's outcome of an injection (scripting.InjectionResult): data cloned out of the page. */
export interface InjectionResult {
  result?: unknown;
  frameId?: number;
  /** Firefox's word for a failed injection (Chromium rejects instead). */
  error?: unknown;
}

/** scripting.executeScript, as Parley calls it: a function, or files from the extension's root. */
export interface Scripting {
  executeScript(injection: {
    target: { tabId: number; frameIds?: number[]; allFrames?: boolean };
    func?: () => unknown;
    files?: string[];
  }): Promise<InjectionResult[]>;
}

/**
 * The top frame's result. Chromium rejects when an injection fails; Firefox rejects only for a
 * host it may not script, and otherwise resolves with the failure in the frame's `error` (a file
 * it could not load, a script that threw): thrown here, so neither browser goes on as if it ran.
 */
export function topFrameResult(results: readonly InjectionResult[]): unknown {
  const [top] = results;
  if (top?.error !== undefined) {
    const { error } = top;
    throw new Error(
      error instanceof Error
        ? error.message
        : typeof error === 'object' && error !== null && 'message' in error
          ? String(error.message)
          : String(error),
    );
  }
  return top?.result;
}

/** Runs in the page: the selection's text with its line breaks (contextMenus' selectionText loses them). */
export function selectionInPage(): string {
  return globalThis.getSelection?.()?.toString() ?? '';
}
