// `bun scripts/bench/pages.ts [seconds] [connections]`: requests/s and p99 latency of the signed-in
// dashboard (`GET /o/<slug>`) of `dist/owlat serve` on loopback. Sets up the owner through /setup,
// then loads the page with that session: wrk when installed, else concurrent fetch workers.
// Also prints the server's CPU time per request (steadier than req/s on a shared machine).
// OWLAT_BENCH_BINARY=path compares another build. Last line: `pages: N req/s, p99 M ms`.
import { existsSync, readFileSync } from "node:fs";
import { BINARY, REPO_ROOT, startServer } from "../../src/testing/server-process";

const SECONDS = Number(process.argv[2] ?? 10);
const binary = process.env.OWLAT_BENCH_BINARY ?? BINARY;
const CONNECTIONS = Number(process.argv[3] ?? 16);

interface LoadResult {
  tool: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
}

/** Creates the owner and organization through the setup form; returns the Cookie header of that session. */
async function signedInCookie(url: string): Promise<{ cookie: string; slug: string }> {
  const jar = new Map<string, string>();
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const page = await fetch(`${url}/setup`);
  cookiesOf(page, jar);
  const csrf = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!csrf) throw new Error("no CSRF token on /setup");
  const form = new URLSearchParams({ _csrf: csrf, name: "Bench Owner", email: "bench@example.com", password: "a long bench password", orgName: "Bench Org" });
  const res = await fetch(`${url}/setup`, {
    method: "POST", body: form, redirect: "manual",
    headers: { cookie: header(), "content-type": "application/x-www-form-urlencoded", origin: url },
  });
  cookiesOf(res, jar);
  const location = res.headers.get("location") ?? "";
  if (res.status !== 303 || !location.startsWith("/o/")) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  jar.delete("owlat_flash");
  return { cookie: header(), slug: location.slice(3) };
}

/** User + system CPU seconds the process has used so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Parses "1.23ms", "850.00us", "1.02s" into milliseconds. */
function wrkMs(text: string): number {
  const m = text.match(/([\d.]+)(us|ms|s)/);
  if (!m) throw new Error(`cannot read wrk latency "${text}"`);
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
}

function runWrk(target: string, cookie: string, seconds: number): LoadResult {
  const r = Bun.spawnSync(["wrk", "-t2", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", "-H", `Cookie: ${cookie}`, target]);
  const out = r.stdout.toString();
  if (r.exitCode !== 0) throw new Error(`wrk failed: ${out}${r.stderr}`);
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const requests = Number(out.match(/(\d+) requests in/)?.[1]);
  const non2xx = Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  const socketErrors = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((s, n) => s + Number(n), 0) : 0);
  return { tool: "wrk", requests, rps, p50: wrkMs(out.match(/^\s+50%\s+(\S+)/m)![1]!), p99: wrkMs(out.match(/^\s+99%\s+(\S+)/m)![1]!), errors };
}

/** The fallback: CONNECTIONS workers, each fetching in a loop; latencies of every request. */
async function runFetchLoop(target: string, cookie: string, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const res = await fetch(target, { headers: { cookie } });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== 200) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { tool: "fetch loop", requests: latencies.length, rps: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors };
}

if (binary === BINARY && !existsSync(BINARY)) {
  console.log("building dist/owlat…");
  const build = Bun.spawnSync([process.execPath, "scripts/build.ts"], { cwd: REPO_ROOT, stdout: "inherit", stderr: "inherit" });
  if (build.exitCode !== 0) throw new Error("build failed");
}

const server = await startServer({ command: [binary], captureOutput: false });
try {
  const { cookie, slug } = await signedInCookie(server.url);
  const target = `${server.url}/o/${slug}`;
  const check = await fetch(target, { headers: { cookie } });
  const body = await check.text();
  if (check.status !== 200 || !body.includes("Dashboard")) throw new Error(`the dashboard did not render: ${check.status}`);
  console.log(`dashboard ${target}: ${body.length} bytes; ${CONNECTIONS} connections, ${SECONDS} s`);
  const useWrk = Bun.which("wrk") !== null;
  const load = (s: number) => (useWrk ? Promise.resolve(runWrk(target, cookie, s)) : runFetchLoop(target, cookie, s));
  await load(2); // warm-up: JIT, page cache, SQLite statement cache
  const cpuBefore = cpuSeconds(server.pid);
  const r = await load(SECONDS);
  const cpuMs = ((cpuSeconds(server.pid) - cpuBefore) * 1000) / r.requests;
  if (r.errors > 0) throw new Error(`${r.errors} failed requests`);
  console.log(`${r.tool}: ${r.requests} requests, p50 ${r.p50.toFixed(2)} ms, server CPU ${cpuMs.toFixed(2)} ms/request`);
  console.log(`pages: ${Math.round(r.rps)} req/s, p99 ${r.p99.toFixed(1)} ms`);
} finally {
  await server.stop();
}
