// `bun scripts/bench/startup.ts [runs]`: cold start of `dist/owlat serve` on an empty data dir to the
// first 200 of /health (target ≤ 300 ms), and the idle RSS once it has settled (target ≤ 80 MB).
// Builds the binary when it is missing. Last line: `startup: N ms, idle RSS M MB` (medians).
import { existsSync, readFileSync } from "node:fs";
import { BINARY, REPO_ROOT, startServer } from "../../src/testing/server-process";

const RUNS = Number(process.argv[2] ?? 7);
const SETTLE_MS = 1_000;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.replace(/\D+/g, "")) / 1024;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

if (!existsSync(BINARY)) {
  console.log("building dist/owlat…");
  const build = Bun.spawnSync([process.execPath, "scripts/build.ts"], { cwd: REPO_ROOT, stdout: "inherit", stderr: "inherit" });
  if (build.exitCode !== 0) throw new Error("build failed");
}

const startups: number[] = [];
const rss: number[] = [];
for (let i = 1; i <= RUNS; i++) {
  const server = await startServer({ command: [BINARY], captureOutput: false });
  const readyRss = rssMb(server.pid);
  await Bun.sleep(SETTLE_MS);
  const idle = rssMb(server.pid);
  const code = await server.stop();
  if (code !== 0) throw new Error(`run ${i}: server exited with ${code}`);
  startups.push(server.readyMs);
  rss.push(idle);
  console.log(`run ${i}: ready in ${server.readyMs.toFixed(0)} ms, RSS ${readyRss.toFixed(1)} MB at ready, ${idle.toFixed(1)} MB after ${SETTLE_MS} ms idle`);
}

console.log(`targets: startup ≤ 300 ms, idle RSS ≤ 80 MB; min/max startup ${Math.min(...startups).toFixed(0)}/${Math.max(...startups).toFixed(0)} ms`);
console.log(`startup: ${median(startups).toFixed(0)} ms, idle RSS ${median(rss).toFixed(0)} MB`);
