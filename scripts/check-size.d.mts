export const BUDGET_BYTES: number;
export const POPUP_HTML: string;
export function initialScripts(distDir: string, htmlPath: string): string[];
export function measure(
  distDir: string,
  htmlPath?: string,
): { files: { file: string; bytes: number; gzip: number }[]; gzip: number };
export const APP_HTML: string;
export const BUDGETED_PAGES: { name: string; html: string }[];
export function checkPages(
  distDir: string,
  print: (line: string) => void,
  pages?: { name: string; html: string }[],
  budget?: number,
): boolean;
export const SIDE_PANEL_HTML: string;
export const LAZY_CHUNKS: string[];
export function checkLazy(
  distDir: string,
  print: (line: string) => void,
  pages?: { name: string; html: string }[],
  lazy?: string[],
): boolean;
