import { invalid } from "../../lib/errors";
import { ALLOWED } from "./model";

/**
 * The content type from the file's own bytes (magic numbers). SVG has none, so it is recognised as
 * XML whose root is <svg>. Anything else — an executable renamed to .png included — is refused.
 */
export async function detectMediaType(bytes: Uint8Array, fileName: string): Promise<{ mime: string; ext: string }> {
  const { fileTypeFromBuffer } = await import("file-type");
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && !/xml/.test(detected.mime)) {
    const allowed = ALLOWED[detected.mime];
    if (!allowed) throw invalid("file", `${fileName}: files of type ${detected.mime} cannot be uploaded.`);
    return { mime: detected.mime, ext: allowed.ext };
  }
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, "").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return { mime: "image/svg+xml", ext: "svg" };
  throw invalid("file", `${fileName}: not an image, PDF, video or audio file (its content does not match an allowed type).`);
}
