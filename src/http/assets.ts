import { assets } from "../../web/dist/manifest";

/** Hashed URLs of the embedded browser assets and the files behind them. */
export const assetUrls = { css: assets.css.url, js: assets.js.url };

const byUrl = new Map<string, { path: string; type: string }>([
  [assets.css.url, { path: assets.css.path, type: "text/css; charset=utf-8" }],
  [assets.js.url, { path: assets.js.path, type: "text/javascript; charset=utf-8" }],
]);

export function assetFor(url: string): { path: string; type: string } | undefined {
  return byUrl.get(url);
}
