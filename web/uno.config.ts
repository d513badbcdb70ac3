import type { UserConfig } from "@unocss/core";
import presetWind3 from "@unocss/preset-wind3";
import { readFileSync } from "node:fs";

// preset-wind3's preflight only declares its CSS variables; the browser reset (box-sizing, margins,
// link and button styles) is a separate package, inlined first so utilities override it.
const reset = readFileSync(require.resolve("@unocss/reset/tailwind.css"), "utf8");

// Utility classes are extracted from the views, pages and browser assets at build time.
export const SCANNED = ["web/views", "web/assets", "src/http/pages"];

const config: UserConfig = {
  presets: [presetWind3({ preflight: true })],
  preflights: [
    { layer: "preflights", getCSS: () => reset },
    {
      getCSS: () => `
        [x-cloak] { display: none !important; }
        .htmx-indicator { opacity: 0; transition: opacity 150ms; }
        .htmx-request .htmx-indicator, .htmx-request.htmx-indicator { opacity: 1; }
        .htmx-request [data-busy-hide] { display: none; }
      `,
    },
  ],
};

export default config;
