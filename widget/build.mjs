// Builds dist/widget.js: the widget and its socket.io client in one minified IIFE,
// and the console's charts (bot/console/static/charts.js),
// for browsers of the last few years (ES2019). `make widget` runs it after `npm ci`.
// The gateway puts the texts from data/content/widget.yml in place of the
// config placeholder when it serves /widget.js (bot/webchat/widget.py).
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const outfile = "dist/widget.js";
await build({
  entryPoints: ["src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  legalComments: "eof",
  outfile,
  logLevel: "warning",
});
// The console's charts: Chart.js and the few lines that draw the analytics page.
await build({
  entryPoints: ["src/console-charts.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2019"],
  legalComments: "eof",
  outfile: "../bot/console/static/charts.js",
  logLevel: "warning",
});
const bytes = readFileSync(outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`${outfile}: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped`);
