import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

/** The repository root (this file sits in src/testing). */
export const REPO_ROOT = resolve(import.meta.dir, "../..");
export const BINARY = join(REPO_ROOT, "dist/owlat");

/** Runs the project from source: `bun src/main.ts`. */
export const FROM_SOURCE = [process.execPath, join(REPO_ROOT, "src/main.ts")];

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  proc: Subprocess;
  /** Milliseconds from spawn to the first 200 of /health. */
  readyMs: number;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal and waits for the exit code (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number>;
}

export interface StartOptions {
  /** The executable and its leading arguments: `[BINARY]` or `FROM_SOURCE` (default). */
  command?: string[];
  /** Defaults to a fresh temp dir, removed by stop(). `null`: pass no --data-dir (the default ./owlat-data under cwd). */
  dataDir?: string | null;
  cwd?: string;
  dev?: boolean;
  extraArgs?: string[];
  env?: Record<string, string>;
  /** Keep the output in memory (default true); benchmarks under load turn it off. */
  captureOutput?: boolean;
  readyTimeoutMs?: number;
}

/** This process's environment without OWLAT_* variables, so a child sees only the settings a test gives it. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("OWLAT_") && v !== undefined) env[k] = v;
  return { ...env, ...extra };
}

/** A TCP port nobody listens on right now. */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** Polls GET /health until it answers 200; returns the milliseconds it took. */
export async function waitForHealth(url: string, timeoutMs = 15_000, isAlive: () => boolean = () => true): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (!isAlive()) throw new Error("the server exited before answering /health");
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await Bun.sleep(2);
  }
  throw new Error(`no 200 from ${url}/health within ${timeoutMs} ms`);
}

function collect(stream: ReadableStream<Uint8Array>, sink: { text: string }): void {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  void (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) sink.text += decoder.decode(r.value, { stream: true });
  })();
}

const running = new Set<Subprocess>();
process.on("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});

/** Starts `owlat serve` as a child process on a free loopback port and waits for /health. */
export async function startServer(opts: StartOptions = {}): Promise<ServerProcess> {
  const port = freePort();
  const ownDir = opts.dataDir === undefined ? mkdtempSync(join(tmpdir(), "owlat-e2e-")) : null;
  const dataDir = ownDir ? join(ownDir, "data") : opts.dataDir ?? join(opts.cwd ?? process.cwd(), "owlat-data");
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...(opts.command ?? FROM_SOURCE), "serve", "--port", String(port), "--host", "127.0.0.1", "--public-url", url,
    ...(opts.dataDir === null ? [] : ["--data-dir", dataDir]), ...(opts.dev ? ["--dev"] : []), ...(opts.extraArgs ?? []),
  ];
  const capture = opts.captureOutput !== false;
  const spawnedAt = performance.now();
  const proc = Bun.spawn(args, {
    cwd: opts.cwd ?? REPO_ROOT,
    // Tests never take the machine's port 25 for the bounce intake unless they ask for it.
    env: cleanEnv({ OWLAT_MTA_INBOUND_PORT: "0", ...opts.env }),
    stdout: capture ? "pipe" : "ignore",
    stderr: capture ? "pipe" : "inherit",
  });
  running.add(proc);
  const sink = { text: "" };
  if (capture) {
    collect(proc.stdout as ReadableStream<Uint8Array>, sink);
    collect(proc.stderr as ReadableStream<Uint8Array>, sink);
  }
  const stop = async (signal: NodeJS.Signals = "SIGTERM", graceMs = 5_000) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    const code = await proc.exited;
    clearTimeout(timer);
    running.delete(proc);
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHealth(url, opts.readyTimeoutMs ?? 15_000, () => proc.exitCode === null);
  } catch (e) {
    await stop("SIGKILL");
    throw new Error(`${(e as Error).message}\n${sink.text}`);
  }
  const readyMs = performance.now() - spawnedAt;
  return { url, port, pid: proc.pid, dataDir, proc, readyMs, output: () => sink.text, stop };
}
