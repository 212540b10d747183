/**
 * The self-contained HTML page every report is: Vega, Vega-Lite and
 * vega-embed inlined from the installed packages (so it works offline), the
 * chart specs embedded as JSON, and a status element a headless browser reads
 * to know every chart rendered without errors.
 */
import type { ChartSpec } from "./charts.ts";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JSON safe to place inside a `<script>` element: `<`, `>` and `&` become
 * unicode escapes, so a name like `</script><script>alert(1)</script>` cannot
 * close the element and stays text once parsed.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

const BUNDLES = [
  ["vega", "./vega.min.js"],
  ["vega-lite", "./vega-lite.min.js"],
  ["vega-embed", "./vega-embed.min.js"],
] as const;

let bundleCache: string[] | null = null;

/**
 * The browser builds of vega, vega-lite and vega-embed, read from the
 * installed npm packages (each package's main module lives in its `build/`
 * folder beside the minified browser build).
 */
export function vegaBundles(): string[] {
  if (bundleCache) return bundleCache;
  bundleCache = BUNDLES.map(([pkg, file]) => {
    const url = new URL(file, import.meta.resolve(pkg));
    if (url.protocol !== "file:") {
      throw new TypeError(
        `Expected ${pkg} to resolve to a file in node_modules but found ${url.href} ` +
          `(the project needs "nodeModulesDir": "auto" and an installed node_modules)`,
      );
    }
    // A literal "</script" would end the inline element early; the builds have
    // none today, and this keeps it so if a future build adds one in a string.
    return Deno.readTextFileSync(url).replaceAll("</script", "<\\/script");
  });
  return bundleCache;
}

/** What goes into one report page. */
export interface Page {
  title: string;
  /** Body HTML, already escaped; chart slots are `<div id="…">` for each spec id. */
  body: string;
  /** Vega-Lite specs by the id of the element each renders into. */
  charts: Record<string, ChartSpec>;
}

/** The `<div>` a chart renders into, with an escaped caption. */
export function chartSlot(id: string, caption: string): string {
  return `<figure><div id="${escapeHtml(id)}" class="chart"></div>` +
    `<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** One complete, self-contained HTML document. */
export function renderPage(page: Page): string {
  const libs = vegaBundles().map((js) => `<script>${js}</script>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="render-status" data-charts="0" data-expected="${
    Object.keys(page.charts).length
  }" data-errors="" data-warnings="" data-done="false" hidden></div>
<script>${CAPTURE}</script>
${page.body}
${libs}
<script type="application/json" id="renkei-charts">${jsonForScript(page.charts)}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}

// Installed before anything else so errors thrown while the libraries load
// are recorded too.
const CAPTURE = `(function () {
  var status = document.getElementById("render-status");
  var errors = [], warnings = [];
  function add(list, attr, parts) {
    list.push(Array.prototype.map.call(parts, function (p) {
      return p && p.message ? p.message : String(p);
    }).join(" "));
    status.setAttribute(attr, list.join(" | "));
  }
  window.renkeiError = function () { add(errors, "data-errors", arguments); };
  window.addEventListener("error", function (e) { add(errors, "data-errors", [e.message]); });
  window.addEventListener("unhandledrejection", function (e) {
    add(errors, "data-errors", ["unhandled rejection:", e.reason]);
  });
  var error = console.error, warn = console.warn;
  console.error = function () { add(errors, "data-errors", arguments); error.apply(console, arguments); };
  console.warn = function () { add(warnings, "data-warnings", arguments); warn.apply(console, arguments); };
})();`;

const RENDER = `(function () {
  var status = document.getElementById("render-status");
  var specs = JSON.parse(document.getElementById("renkei-charts").textContent);
  var rendered = 0;
  Promise.all(Object.keys(specs).map(function (id) {
    return vegaEmbed(document.getElementById(id), specs[id], { actions: false, renderer: "canvas" })
      .then(function () { rendered++; }, function (e) { window.renkeiError(id + ":", e); });
  })).then(function () {
    status.setAttribute("data-charts", String(rendered));
    status.setAttribute("data-done", "true");
  });
})();`;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.description { color: #555; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: .6rem; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .7rem; }
.card .value { font-size: 1.35rem; font-weight: 600; } .card .label { color: #666; font-size: .85rem; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .7rem; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #1a7f37; font-weight: 600; } .fail { color: #cf222e; font-weight: 600; }
figure { margin: 1rem 0; } figcaption { color: #666; font-size: .85rem; }
code, pre { font-family: ui-monospace, monospace; font-size: .85rem; } pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { color: #666; } dd { margin: 0; word-break: break-all; }
.row { display: flex; flex-wrap: wrap; gap: 2rem; }
`;
