// One lookup for the browsers the tests and start scripts run: the environment variable first
// (and only it, when set), then a preferred path, then the names on PATH in order.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * @param {{ envVar: string; preferred: string; names: readonly string[] }} what
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
export function findExecutable({ envVar, preferred, names }, env) {
  const chosen = env[envVar];
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  if (existsSync(preferred)) return preferred;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
