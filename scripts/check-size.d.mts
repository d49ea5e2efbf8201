export const BUDGET_BYTES: number;
export const POPUP_HTML: string;
export function initialScripts(distDir: string, htmlPath: string): string[];
export function measure(
  distDir: string,
  htmlPath?: string,
): { files: { file: string; bytes: number; gzip: number }[]; gzip: number };
