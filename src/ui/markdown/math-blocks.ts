// Math placeholders (math-syntax.ts) drawn by KaTeX, which loads only when a reply has math: it is
// a large chunk with its fonts, and most replies have none. Once loaded, formulas are drawn in the
// same render (no flash of source on every delta of a streaming paragraph).
import { hasMath } from './math-syntax';
import type * as MathRender from './math-render';

let loaded: typeof MathRender | undefined;
let loading: Promise<typeof MathRender> | undefined;

/** Loads KaTeX once; later calls share the same promise. */
export function loadMath(): Promise<typeof MathRender> {
  loading ??= import('./math-render').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined; // try again next time; meanwhile the source stays readable
      throw error;
    },
  );
  return loading;
}

/** Draws the finished formulas under `root`, now if KaTeX is here, else once it has loaded. */
export function enhanceMath(root: HTMLElement): void {
  if (!hasMath(root)) return;
  if (loaded) return loaded.drawMath(root);
  loadMath().then(
    (module) => {
      if (root.isConnected) module.drawMath(root);
    },
    () => undefined,
  );
}
