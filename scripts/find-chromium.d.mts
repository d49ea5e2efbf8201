export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export const CHROMIUM_HELP: string;
export function baseChromiumArgs(): string[];
