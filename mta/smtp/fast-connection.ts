import SMTPConnection from "nodemailer/lib/smtp-connection";
import { toWire } from "./wire.ts";

export { CLEAN_CRLF, toWire } from "./wire.ts";


type Internals = {
  options: { lmtp?: boolean };
  _socket: { write(b: Buffer | string): boolean };
  _responseActions: ((str: string) => void)[];
  _actionSMTPStream(str: string, cb: unknown): void;
};

/**
 * SMTPConnection whose DATA goes straight to the socket: nodemailer's DataStream checks each byte
 * in JavaScript and pipes through a Transform stream; the engine's messages are whole buffers, so
 * line endings and dot-stuffing are done here in one pass and written with two socket writes.
 * (nodemailer 10.6.0 internals: _responseActions, _actionSMTPStream, _socket.)
 */
export class FastSMTPConnection extends SMTPConnection {
  _createSendStream(callback: unknown): unknown {
    const self = this as unknown as Internals;
    if (self.options.lmtp) return (SMTPConnection.prototype as unknown as { _createSendStream(cb: unknown): unknown })._createSendStream.call(this, callback);
    self._responseActions.push((str) => self._actionSMTPStream(str, callback));
    let out = 0;
    let last: number | null = null;
    return {
      get outByteCount() {
        return out;
      },
      write(chunk: Buffer | string) {
        const wire = toWire(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        if (!wire.length) return true;
        out += wire.length;
        last = wire[wire.length - 1]!;
        return self._socket.write(wire);
      },
      end() {
        const tail = last === 0x0a ? ".\r\n" : "\r\n.\r\n";
        out += tail.length;
        self._socket.write(tail);
      },
    };
  }
}
