/** One problem found in a document, theme or template string, addressed so an editor can point at it. */
export interface DocumentError {
  /** stable machine code, e.g. UNKNOWN_BLOCK_TYPE, INVALID_FIELD, MALFORMED_TAG */
  code: DocumentErrorCode;
  /** human sentence naming the block and the field */
  message: string;
  /** JSON-pointer-like location of the block, e.g. "blocks/2/items/0" ("" for the document itself) */
  path: string;
  blockId?: string;
  blockType?: string;
  /** field inside the block, e.g. "fontSize" or "links/3/url" */
  field?: string;
}

export type DocumentErrorCode =
  | "INVALID_DOCUMENT"
  | "UNSUPPORTED_VERSION"
  | "INVALID_BLOCK"
  | "UNKNOWN_BLOCK_TYPE"
  | "BLOCK_NOT_ALLOWED_HERE"
  | "INVALID_FIELD"
  | "DUPLICATE_BLOCK_ID"
  | "TOO_DEEP"
  | "TOO_MANY_BLOCKS"
  | "TOO_LARGE"
  | "UNSAFE_URL"
  | "MALFORMED_TAG"
  | "INVALID_THEME"
  | "TOO_MANY_ERRORS";

/** Thrown by compile/render when the input cannot be rendered; `errors` says what and where. */
export class InvalidDocumentError extends Error {
  constructor(readonly errors: DocumentError[]) {
    super(errors.length ? errors[0]!.message + (errors.length > 1 ? ` (and ${errors.length - 1} more)` : "") : "invalid document");
    this.name = "InvalidDocumentError";
  }
}
