// The shipped extension, checked as the stores check it: the Firefox zip through Mozilla's
// addons-linter (no errors allowed; warnings printed), and both shipped manifests without
// host_permissions (the test build alone has them). Usage: node tests/e2e/lint.mjs
import linter from "addons-linter";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./server.mjs";

const failures = [];
for (const browser of ["chromium", "firefox"]) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", browser, "manifest.json"), "utf8"));
  if (manifest.host_permissions) failures.push(`${browser}: the shipped manifest has host_permissions`);
  const extra = (manifest.permissions ?? []).filter((p) => !["activeTab", "scripting", "storage"].includes(p));
  if (extra.length) failures.push(`${browser}: permissions beyond activeTab, scripting, storage: ${extra}`);
}
const zip = path.join(ROOT, "dist/newslens-firefox.zip");
const instance = linter.createInstance({
  config: { _: [zip], logLevel: "fatal", stack: false, pretty: false, warningsAsErrors: false,
            metadata: false, output: "none", boring: true, selfHosted: false },
  runAsBinary: false,
});
const result = await instance.run();
for (const w of result.warnings) console.log(`  addons-linter warning ${w.code}: ${w.message} (${w.file ?? ""})`);
for (const e of result.errors) failures.push(`addons-linter error ${e.code}: ${e.message} (${e.file ?? ""})`);
console.log(`addons-linter: ${result.summary.errors} errors, ${result.summary.warnings} warnings, ${result.summary.notices} notices`);
if (failures.length) {
  console.log(failures.join("\n"));
  process.exit(1);
}
