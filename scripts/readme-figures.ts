// npm run readme-figures: writes README's performance and cost tables from the last `npm run bench`
// (bench/results/results.json) and `npm run cost -- --table`, so README's figures come from commands.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchResults } from "../bench/lib/report.ts";

const ROOT = join(import.meta.dirname, "..");
const README = join(ROOT, "README.md");
const RESULTS = join(ROOT, "bench/results/results.json");

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`Usage: npm run readme-figures

Rewrites the blocks between <!-- figures:bench --> and <!-- figures:cost --> markers in README.md:
the throughput table and targets of the last \`npm run bench\` (bench/results/results.json, part workerd),
and the three-size table of \`npm run cost -- --table\`. Run it after \`npm run bench\`.`);
  process.exit(0);
}

const x = (n: number | undefined) => (n === undefined ? "-" : `${n.toFixed(2)}×`);

function verdicts(results: BenchResults, pass: boolean, word: string): string {
  const which = results.targets.filter((t) => t.pass === pass).map((t) => `${t.target} ${t.measured} (${t.goal})`);
  return `${word}: ${which.length > 0 ? which.join(", ") : "none"}`;
}

function benchBlock(results: BenchResults): string {
  const rows = results.throughput.miniflare;
  if (!rows) throw new Error("bench/results/results.json has no workerd throughput: run `npm run bench -- --only entry,workerd,profile,startup` first");
  const hello = rows.find((r) => r.id === "hello");
  const load = results.machine.loadAverage?.map((l) => l.toFixed(2)).join(" ") ?? "not recorded";
  const lines = [
    `\`npm run bench -- --only entry,workerd,profile,startup\`, ${results.startedAt.slice(0, 10)}: the deploy bundle under workerd on a direct socket, wrk on the other core, ` +
      `median of ${rows[0]?.rounds.length ?? 0} interleaved rounds (${results.machine.cpus} × ${results.machine.model}, load average ${load}; hello world ${hello ? Math.round(hello.rps).toLocaleString("en") : "?"} req/s).`,
    "",
    "| Route | × hello world | × one-KV-value Worker | workerd CPU ms/request |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.label} | ${x(r.vsHello)} | ${x(r.vsKv)} | ${r.cpuMsPerRequest.toFixed(3)} |`),
    "",
    `Targets (docs/performance.md "Targets"): ${verdicts(results, true, "met")}; ${verdicts(results, false, "missed")}.`,
  ];
  return lines.join("\n");
}

function costBlock(): string {
  const printed = execFileSync(process.execPath, [join(ROOT, "scripts/cost.ts"), "--table"], { cwd: ROOT, encoding: "utf8" });
  const lines = printed.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Per month at three sizes"));
  if (start === -1) throw new Error("npm run cost -- --table printed no three-size table");
  const end = lines.findIndex((l, i) => i > start && l.trim() === "");
  const sizes = lines.slice(start, end === -1 ? undefined : end);
  const prices = lines.find((l) => l.startsWith("Prices read")) ?? "";
  const [header, , ...rows] = sizes.slice(1);
  const columns = (line: string) =>
    line
      .split(/\s{2,}/)
      .map((c) => c.trim())
      .filter(Boolean);
  const wanted = ["requests/month", "KV reads", "AE points", "Workers Paid", "fits Workers Free"];
  const names = columns(header ?? "");
  const at = wanted.map((w) => names.indexOf(w));
  if (at.some((i) => i === -1)) throw new Error(`npm run cost -- --table changed its columns (${names.join(", ")})`);
  return [
    `\`npm run cost -- --table\` (${sizes[0]?.replace(/^Per month at three sizes /, "").replace(/[()]/g, "")}; the measured inputs of the bench run above):`,
    "",
    "| Requests a month | KV reads | Analytics Engine points | Workers Paid, a month | Fits Workers Free |",
    "|---|---|---|---|---|",
    ...rows.map((row) => {
      const c = columns(row);
      return `| ${at.map((i) => c[i] ?? "").join(" | ")} |`;
    }),
    "",
    prices.replace(
      /^Prices read (\S+) from: (.*)$/,
      (_m, date: string, sources: string) => `Prices as read on ${date} from ${sources.split("; ")[0]} and the pages \`npm run cost\` lists.`,
    ),
  ].join("\n");
}

function replaceBlock(text: string, name: string, content: string): string {
  const open = `<!-- figures:${name} -->`;
  const close = `<!-- /figures:${name} -->`;
  const from = text.indexOf(open);
  const to = text.indexOf(close);
  if (from === -1 || to < from) throw new Error(`README.md has no ${open} … ${close} block`);
  return `${text.slice(0, from + open.length)}\n${content}\n${text.slice(to)}`;
}

const results = JSON.parse(readFileSync(RESULTS, "utf8")) as BenchResults;
let readme = readFileSync(README, "utf8");
readme = replaceBlock(readme, "bench", benchBlock(results));
readme = replaceBlock(readme, "cost", costBlock());
writeFileSync(README, readme);
console.log("README.md: performance and cost tables written from bench/results/results.json and npm run cost -- --table");
