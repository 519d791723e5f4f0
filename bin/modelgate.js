#!/usr/bin/env node
"use strict";
let cli;
try {
  cli = require("../dist/src/cli/main.js");
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND") {
    process.stderr.write("modelgate: dist/ is missing; run `npm ci` (or `npm run build`) in the modelgate checkout\n");
    process.exit(2);
  }
  throw error;
}
// A reader that stops early (`modelgate check | head`) is not an error of ours: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error && error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`modelgate: internal error: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 2;
  },
);
