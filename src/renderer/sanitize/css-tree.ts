/**
 * css-tree's parser, walker and generator, imported from their own entry points. The package's main
 * entry also loads its lexer data through createRequire(), which a `bun build --compile` binary cannot
 * resolve; the sanitizer needs no lexer. Types come from the main entry.
 */
import type * as CssTree from "css-tree";
// @ts-expect-error: subpath entry without its own type declarations
import parseImpl from "css-tree/parser";
// @ts-expect-error: subpath entry without its own type declarations
import walkImpl from "css-tree/walker";
// @ts-expect-error: subpath entry without its own type declarations
import generateImpl from "css-tree/generator";

export const parse: typeof CssTree.parse = parseImpl;
export const walk: typeof CssTree.walk = walkImpl;
export const generate: typeof CssTree.generate = generateImpl;
export type { CssNode, Declaration, List, ListItem, Url } from "css-tree";
