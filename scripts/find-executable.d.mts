export function findExecutable(
  what: { envVar: string; preferred: string; names: readonly string[] },
  env: NodeJS.ProcessEnv,
): string | undefined;
