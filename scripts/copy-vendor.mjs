// Copies the front-end packages hemis serves into hemis/static/vendor (not committed).
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "hemis", "static", "vendor");
const files = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
  "vega/build/vega.min.js": "vega.min.js",
  "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
  "vega-lite/build/vega-lite.min.js.map": "vega-lite.min.js.map",
  "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
  "vega-embed/build/vega-embed.min.js.map": "vega-embed.min.js.map",
  "world-atlas/countries-50m.json": "world-atlas/countries-50m.json",
};

mkdirSync(vendor, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  copyFileSync(join(root, "node_modules", from), join(vendor, to));
  console.log(`vendor/${to}`);
}
