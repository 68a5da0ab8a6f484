// Copies the front-end packages hemis serves into hemis/static/vendor (not committed).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

// vega-interpreter evaluates Vega expressions without `Function`, so that the charts draw under a
// Content-Security-Policy without 'unsafe-eval'. It ships only as an ES module importing
// vega-util; the page loads vega's UMD bundle, which carries the same vega-util functions. The
// module is therefore wrapped to take them from the global `vega` and to add
// `vega.expressionInterpreter` to it.
const interpreterPath = join(root, "node_modules", "vega-interpreter", "build", "vega-interpreter.js");
const interpreterVersion = JSON.parse(
  readFileSync(join(root, "node_modules", "vega-interpreter", "package.json"), "utf8"),
).version;
const source = readFileSync(interpreterPath, "utf8");
const importLine = /^import \{([^}]*)\} from 'vega-util';$/m;
const exportLine = /^export \{ (\w+) as expressionInterpreter \};$/m;
const imported = source.match(importLine);
const exported = source.match(exportLine);
if (!imported || !exported || source.match(/^(import|export) /gm).length !== 2) {
  throw new Error(
    "vega-interpreter's build no longer has one vega-util import and one export; " +
      "update scripts/copy-vendor.mjs to wrap it.",
  );
}
const wrapped =
  `// vega-interpreter ${interpreterVersion}, wrapped by scripts/copy-vendor.mjs to use the global vega.\n` +
  "(function (vega) {\n" +
  `const {${imported[1]}} = vega;\n` +
  source
    .replace(importLine, "")
    .replace(exportLine, `vega.expressionInterpreter = ${exported[1]};`)
    .replace(/^\/\/# sourceMappingURL=.*$/m, "") +
  "\n})(window.vega);\n";
writeFileSync(join(vendor, "vega-interpreter.js"), wrapped);
console.log("vendor/vega-interpreter.js");
