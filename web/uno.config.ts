import type { UserConfig } from "@unocss/core";
import presetWind3 from "@unocss/preset-wind3";

// Utility classes are extracted from the views, pages and browser assets at build time.
export const SCANNED = ["web/views", "web/assets", "src/http/pages"];

const config: UserConfig = {
  presets: [presetWind3({ preflight: true })],
  preflights: [
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
