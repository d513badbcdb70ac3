/**
 * Reading an uploaded CSV as a stream: encoding sniffed from the first bytes (BOM, else strict UTF-8,
 * else Windows-1252), decoded chunk by chunk, parsed by csv-parse with quotes, CRLF and `,`/`;`/tab
 * separators. Records carry the file line they end on; records csv-parse cannot read are reported,
 * not fatal. Memory stays bounded by the chunk size and the record size cap.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from "node:fs";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";

export const MAX_RECORD_BYTES = 1_000_000;
const SNIFF_BYTES = 256 * 1024;

export interface CsvRecord {
  cells: string[];
  /** First and last line of the record in the file (1-based). */
  line: number;
  endLine: number;
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export function readHead(path: string, bytes = SNIFF_BYTES): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(Math.min(bytes, statSync(path).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** utf-8, utf-16le/be (with BOM), or windows-1252 when the bytes are not valid UTF-8. */
export function sniffEncoding(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  let end = head.length;
  // A multi-byte character cut at the end of the sample is not an error.
  for (let i = 1; i <= 3 && end - i >= 0; i++) if ((head[end - i]! & 0xc0) === 0xc0) { end -= i; break; }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, end));
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

/** The first records of the file, parsed synchronously from the head (mapping step, preview). */
export function sampleRecords(path: string, encoding: string, delimiter: string, max = 1000): string[][] {
  const text = new TextDecoder(encoding).decode(readHead(path)).replace(/^\uFEFF/, "");
  const cut = text.length >= SNIFF_BYTES / 2 ? text.slice(0, text.lastIndexOf("\n") + 1) : text;
  const rows = parseSync(cut, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_error: true, to: max }) as string[][];
  return rows;
}

export function headText(path: string, encoding: string): string {
  return new TextDecoder(encoding).decode(readHead(path, 64 * 1024)).replace(/^\uFEFF/, "");
}

/**
 * Every record of the file. `onProblem` hears about records that cannot be read (with the line);
 * `onBytes` about the bytes consumed so far (progress).
 */
export async function* readRecords(path: string, opts: { encoding: string; delimiter: string; onProblem: (p: CsvProblem) => void; onBytes?: (n: number) => void }): AsyncGenerator<CsvRecord> {
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  const decoder = new TextDecoder(opts.encoding);
  // Tracked on the parser side: it runs ahead of the consumer.
  let parsedEnd = 0;
  const parser = parse({
    delimiter: opts.delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
    skip_records_with_error: true, max_record_size: MAX_RECORD_BYTES,
    on_record: (cells: string[], ctx: { lines: number }) => {
      parsedEnd = ctx.lines;
      return [cells, ctx.lines] as unknown as string[];
    },
    on_skip: (err: (Error & { lines?: number; code?: string }) | undefined) => {
      const line = parsedEnd + 1;
      const end = err?.lines ?? line;
      opts.onProblem({ line, reason: problemText(err) + (end > line ? ` (lines ${line}–${end})` : "") });
      parsedEnd = Math.max(parsedEnd, end);
    },
  } as never);
  source.on("data", (chunk: Buffer | string) => {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += b.length;
    if (!parser.write(decoder.decode(b, { stream: true }))) source.pause();
    opts.onBytes?.(bytes);
  });
  parser.on("drain", () => source.resume());
  source.on("end", () => parser.end(decoder.decode()));
  source.on("error", (e) => parser.destroy(e));
  for await (const item of parser) {
    const [cells, endLine] = item as unknown as [string[], number];
    let breaks = 0;
    for (const c of cells) for (let i = c.indexOf("\n"); i >= 0; i = c.indexOf("\n", i + 1)) breaks++;
    yield { cells, line: endLine - breaks, endLine };
  }
}

function problemText(err: (Error & { code?: string }) | undefined): string {
  switch (err?.code) {
    case "CSV_QUOTE_NOT_CLOSED": return "a quoted field is never closed (check the quotes)";
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": return "wrong number of columns";
    case "CSV_MAX_RECORD_SIZE": return `a record is larger than ${MAX_RECORD_BYTES / 1_000_000} MB`;
    case "CSV_INVALID_CLOSING_QUOTE": return "a quote is closed in the middle of a field (check the quotes)";
    default: return `the line cannot be read as CSV (${(err?.message ?? "unknown error").slice(0, 120)})`;
  }
}
