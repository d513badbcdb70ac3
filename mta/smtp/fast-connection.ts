import type { Transform, TransformCallback } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";

type DataStream = Transform & { lastByte: number | false; inByteCount: number; outByteCount: number };
type TransformFn = (this: DataStream, chunk: Buffer | string, enc: BufferEncoding, done: TransformCallback) => void;

const DOT = Buffer.from(".");

/** Set on a Buffer the engine built in strict CRLF form (skips the line-ending scan). */
export const CLEAN_CRLF = Symbol("owlat.cleanCrlf");

/** True when every LF in the chunk follows a CR and every CR is followed by an LF. */
function cleanCrlf(chunk: Buffer, lastByte: number | false): boolean {
  for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
    if ((i === 0 ? lastByte : chunk[i - 1]) !== 0x0d) return false;
  }
  for (let i = chunk.indexOf(0x0d); i >= 0; i = chunk.indexOf(0x0d, i + 1)) {
    if (i === chunk.length - 1 || chunk[i + 1] !== 0x0a) return false;
  }
  return true;
}

/**
 * nodemailer's DataStream checks every byte in JavaScript; for chunks already in clean CRLF
 * (what the engine always sends) only dot-stuffing is left, done here with native indexOf.
 * Anything else goes through the original byte loop, so the output is the same.
 */
function fast(slow: TransformFn): TransformFn {
  return function (this: DataStream, input, enc, done) {
    const chunk = typeof input === "string" ? Buffer.from(input) : input;
    const known = (chunk as Buffer & { [CLEAN_CRLF]?: boolean })[CLEAN_CRLF] === true && this.lastByte === false;
    if (!chunk.length || (!known && !cleanCrlf(chunk, this.lastByte))) return slow.call(this, chunk, enc, done);
    const parts: Buffer[] = [];
    let from = 0;
    if (chunk[0] === 0x2e && (this.lastByte === 0x0a || this.lastByte === false)) parts.push(DOT);
    for (let i = chunk.indexOf("\n.", 0, "latin1"); i >= 0; i = chunk.indexOf("\n.", i + 2, "latin1")) {
      parts.push(chunk.subarray(from, i + 1), DOT);
      from = i + 1;
    }
    const out = parts.length ? Buffer.concat([...parts, chunk.subarray(from)]) : chunk;
    this.inByteCount += chunk.length;
    this.outByteCount += out.length;
    this.lastByte = chunk[chunk.length - 1]!;
    this.push(out);
    done();
  };
}

/** SMTPConnection whose DATA stream takes the fast path above. */
export class FastSMTPConnection extends SMTPConnection {
  _createSendStream(callback: unknown): DataStream {
    const stream = (SMTPConnection.prototype as unknown as { _createSendStream(cb: unknown): DataStream })._createSendStream.call(this, callback);
    (stream as unknown as { _transform: TransformFn })._transform = fast((stream as unknown as { _transform: TransformFn })._transform);
    return stream;
  }
}
