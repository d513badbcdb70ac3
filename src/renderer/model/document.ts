import { Type } from "@sinclair/typebox";
import type { Block } from "./blocks.ts";

/** Current version of the block document format; bump with a migration when the shape changes. */
export const DOCUMENT_VERSION = 1;

/** Envelope schema (blocks are checked one by one by validateDocument). */
export const DocumentEnvelopeSchema = Type.Object(
  {
    version: Type.Literal(DOCUMENT_VERSION),
    blocks: Type.Array(Type.Unknown(), { maxItems: 500 }),
  },
  { additionalProperties: false },
);

export interface EmailDocument {
  version: typeof DOCUMENT_VERSION;
  blocks: Block[];
}

/** Hard limits that keep one document from costing more than an email is worth. */
export const DOCUMENT_LIMITS = {
  /** nesting levels below the top level (container in container in …) */
  maxDepth: 8,
  /** blocks in the whole tree, nested ones included */
  maxBlocks: 1000,
  /** errors reported before the validator stops looking */
  maxErrors: 50,
  /** total length of all string fields, in characters */
  maxTotalChars: 1_000_000,
} as const;
