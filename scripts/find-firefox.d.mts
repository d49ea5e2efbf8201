export function findFirefox(env?: NodeJS.ProcessEnv): string | undefined;
export const FIREFOX_HELP: string;
