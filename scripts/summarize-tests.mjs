// Prints one plain line, `N passed, N failed`, summing every vitest JSON report in reports/
// (unit and e2e). CI reads that line. A failed stage that ran no tests (type-check, lint, build)
// counts as one failure when the exit code given as the first argument says the run failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const exitCode = Number(process.argv[2] ?? 0);
const dir = 'reports';
let passed = 0;
let failed = 0;
if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  }
}
if (exitCode !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
