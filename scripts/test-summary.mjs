// Prints the closing line CI reads, "N passed, N failed, N skipped", summed
// over the vitest JSON reports named on the command line, and fails on a skip
// nobody expected. Each report is one run, named by its file (pglite.json is
// the run "pglite"); scripts/expected-skips.json lists, per run, the test
// files that may skip there and why. A skip anywhere else, a skipped test
// whose name does not say why (test/skip-reason.ts adds "[skipped: …]"), or an
// expected skip that did not happen (a stale entry) counts as a failure.
import { existsSync, readFileSync } from "node:fs";
import { basename, relative } from "node:path";

const expectedSkips = JSON.parse(readFileSync(new URL("./expected-skips.json", import.meta.url), "utf8"));
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    problems.push(`${file} is missing (the run did not finish)`);
    continue;
  }
  const run = basename(file, ".json");
  const expected = expectedSkips[run] ?? {};
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  const skippedFiles = new Set();
  for (const result of report.testResults) {
    const testFile = relative(process.cwd(), result.name);
    for (const test of result.assertionResults) {
      if (test.status !== "skipped" && test.status !== "pending" && test.status !== "todo") continue;
      skipped += 1;
      skippedFiles.add(testFile);
      if (!(testFile in expected)) problems.push(`${run}: unexpected skip in ${testFile}: ${test.fullName}`);
      else if (!test.fullName.includes("[skipped: ")) {
        problems.push(`${run}: skipped without a reason (use test/skip-reason.ts) in ${testFile}: ${test.fullName}`);
      }
    }
  }
  for (const testFile of Object.keys(expected)) {
    if (!skippedFiles.has(testFile)) {
      problems.push(
        `${run}: ${testFile} was expected to skip but did not (remove it from scripts/expected-skips.json)`,
      );
    }
  }
}
for (const problem of problems) console.error(`test-summary: ${problem}`);
console.log(`${passed} passed, ${failed + problems.length} failed, ${skipped} skipped`);
process.exitCode = problems.length === 0 ? 0 : 1;
