import type { UserConfig } from "@unocss/core";
import presetWind3 from "@unocss/preset-wind3";
import { readFileSync } from "node:fs";

// preset-wind3's preflight only declares its CSS variables; the browser reset (box-sizing, margins,
// link and button styles) is a separate package, inlined first so utilities override it.
const reset = readFileSync(require.resolve("@unocss/reset/tailwind.css"), "utf8")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\s+/g, " ");

// Utility classes are extracted from the views, pages and browser assets at build time.
export const SCANNED = ["web/views", "web/assets", "src/http/pages"];

const config: UserConfig = {
  presets: [presetWind3({ preflight: true })],
  preflights: [
    { layer: "preflights", getCSS: () => reset },
    {
      getCSS: () => `
        [x-cloak] { display: none !important; }
        progress { appearance: none; border: 0; border-radius: 9999px; overflow: hidden; background: #e2e8f0; color: #4f46e5; }
        progress::-webkit-progress-bar { background: #e2e8f0; }
        progress::-webkit-progress-value { background: #4f46e5; border-radius: 9999px; }
        progress::-moz-progress-bar { background: #4f46e5; border-radius: 9999px; }
        .htmx-indicator { opacity: 0; transition: opacity 150ms; }
        .htmx-request .htmx-indicator, .htmx-request.htmx-indicator { opacity: 1; }
        .htmx-request [data-busy-hide] { display: none; }
      `,
    },
  ],
};

export default config;
