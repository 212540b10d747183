/**
 * Renders an HTML file in headless Chromium and reads back the report's
 * `#render-status` element: how many charts rendered and what errors or
 * warnings the page logged.
 */

/** Where Chromium is looked for: $RENKEI_CHROMIUM, then the Debian package path. */
const CANDIDATES = [
  Deno.env.get("RENKEI_CHROMIUM"),
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
];

/** True when the browser tests were explicitly switched off. */
export const SKIP_BROWSER = Deno.env.get("RENKEI_SKIP_BROWSER") === "1";

/** The path of the Chromium binary, or an Error that says how to get one. */
export function findChromium(candidates: (string | undefined)[] = CANDIDATES): string {
  for (const path of candidates) {
    if (!path) continue;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not here; try the next one
    }
  }
  throw new Error(
    "Expected headless Chromium for the report tests but found none at " +
      `${candidates.filter(Boolean).join(", ")}. Install it (apt-get install -y chromium), ` +
      "point RENKEI_CHROMIUM at it, or set RENKEI_SKIP_BROWSER=1 to skip the browser tests.",
  );
}

/** What the page reported once it finished rendering. */
export interface RenderStatus {
  done: boolean;
  charts: number;
  expected: number;
  errors: string;
  warnings: string;
  /** The whole DOM after rendering, for further checks. */
  dom: string;
}

/** Loads `htmlPath` in headless Chromium, lets it render, and parses `#render-status`. */
export async function renderInChromium(htmlPath: string): Promise<RenderStatus> {
  const profile = await Deno.makeTempDir({ prefix: "renkei-chromium-" });
  try {
    const out = await new Deno.Command(findChromium(), {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-extensions",
        "--no-first-run",
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=20000",
        "--dump-dom",
        new URL(`file://${htmlPath}`).href,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dom = new TextDecoder().decode(out.stdout);
    const tag = dom.match(/<div id="render-status"[^>]*>/)?.[0];
    if (!out.success || !tag) {
      throw new Error(
        `Expected Chromium to print the rendered page but found exit code ${out.code}: ` +
          new TextDecoder().decode(out.stderr).slice(-2000),
      );
    }
    const attr = (name: string) => decode(tag.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? "");
    return {
      done: attr("data-done") === "true",
      charts: Number(attr("data-charts")),
      expected: Number(attr("data-expected")),
      errors: attr("data-errors"),
      warnings: attr("data-warnings"),
      dom,
    };
  } finally {
    await Deno.remove(profile, { recursive: true });
  }
}

function decode(s: string): string {
  return s.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
