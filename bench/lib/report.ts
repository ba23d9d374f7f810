// Turns the bench results into the printed tables, the target checklist, results.json and chart.svg.

import { type CompareResult, printCompare } from "./compare.ts";
import type { CpuResult } from "./cpu-result.ts";
import { type EntryCost, printEntryCost } from "./entry-cost.ts";
import { type ProfileResult, printProfile } from "./profile.ts";
import type { ScaleResult } from "./scale.ts";
import type { SizeResult } from "./size.ts";
import type { StabilityResult } from "./stability.ts";
import { type StartupResult, printStartup } from "./startup.ts";
import { table } from "./table.ts";
import type { CellResult } from "./throughput.ts";
import { type UsageResult, formatDo, formatKvOps } from "./usage.ts";

const figure = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export { table };

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  quick: boolean;
  machine: { cpus: number; model: string; node: string; loadAverage?: number[] };
  options: Record<string, unknown>;
  cpu?: CpuResult[];
  size?: SizeResult;
  throughput: { miniflare?: CellResult[]; wranglerDev?: CellResult[] };
  entry?: EntryCost;
  compare?: CompareResult;
  usage?: UsageResult;
  profiles?: ProfileResult[];
  startup?: StartupResult;
  scale?: ScaleResult;
  stability?: StabilityResult;
  targets: TargetCheck[];
  notes: string[];
}

export interface TargetCheck {
  target: string;
  goal: string;
  measured: string;
  /** undefined: not measured in this run. */
  pass?: boolean;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const x = (n: number | undefined) => (n === undefined ? "-" : `${n.toFixed(2)}×`);

function throughputTable(rows: CellResult[]): string {
  return table(
    ["route", "req/s", "× hello world", "× one-KV-value", "p50 ms", "p99 ms", "workerd CPU ms/req", "bad"],
    rows.map((r) => [
      r.label,
      r.rps.toFixed(0),
      x(r.vsHello),
      x(r.vsKv),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.cpuMsPerRequest.toFixed(3),
      r.unexpected + r.socketErrors,
    ]),
  );
}

function roundsLine(rows: CellResult[]): string {
  const hello = rows.find((r) => r.id === "hello");
  return `Per round (hello world req/s): ${hello?.rounds.map((r) => r.rps.toFixed(0)).join(", ") ?? "-"}; ratios are the median of the per-round ratios.`;
}

function usageTable(usage: UsageResult, labels: Map<string, string>): string {
  return table(
    ["route", "KV ops (steady)", "KV ops (memo expired)", "DO requests", "AE points", "log lines (logged request)", "log bytes"],
    Object.entries(usage.routes).map(([id, u]) => [
      labels.get(id) ?? id,
      formatKvOps(u.steady.kvOps),
      formatKvOps(u.memoExpired.kvOps),
      u.memoExpired.doRequests,
      u.steady.aePoints,
      u.steady.logEvents,
      u.steady.logBytes,
    ]),
    ["l", "l", "l", "r", "r", "r", "r"],
  );
}

function cell(rows: CellResult[] | undefined, id: string): CellResult | undefined {
  return rows?.find((r) => r.id === id);
}

const READS = /(get|getWithMetadata|list)=(\d+)/g;

export function checkTargets(results: BenchResults): TargetCheck[] {
  const mf = results.throughput.miniflare;
  const checks: TargetCheck[] = [];
  const ratio = (id: string, vs: "vsHello" | "vsKv", goal: number, label: string) => {
    const value = cell(mf, id)?.[vs];
    checks.push({
      target: label,
      goal: `≥ ${goal}× ${vs === "vsHello" ? "hello world" : "one-KV-value"}`,
      measured: value === undefined ? "not run" : x(value),
      ...(value === undefined ? {} : { pass: value >= goal }),
    });
  };
  ratio("redirect", "vsHello", 0.7, "region redirect");
  ratio("article-hit", "vsHello", 0.5, "article page, cache hit");
  ratio("home", "vsHello", 0.5, "home page");
  ratio("section", "vsHello", 0.5, "section page");
  ratio("rss", "vsHello", 0.5, "RSS feed");
  ratio("sitemap", "vsHello", 0.5, "sitemap");
  ratio("article-miss", "vsKv", 0.5, "article page, cache miss");
  const hello = cell(mf, "hello");
  if (hello) {
    const holds = hello.p99Ms <= 4 * hello.p50Ms;
    const site = (mf ?? []).filter((r) => r.id !== "hello" && r.id !== "kv");
    checks.push({
      target: "p99 ≤ 4 × p50 per route",
      goal: holds ? "≤ 4 (hello world holds it)" : "n/a: hello world itself misses it here",
      measured: site.map((r) => `${r.id} ${(r.p99Ms / r.p50Ms).toFixed(1)}`).join(", ") + `; hello ${(hello.p99Ms / hello.p50Ms).toFixed(1)}`,
      ...(holds ? { pass: site.every((r) => r.p99Ms <= 4 * r.p50Ms) } : {}),
    });
  }

  const scale = results.scale;
  if (scale && scale.cells.length > 0) {
    const sizes = scale.sizes.map((s) => s.size);
    const biggest = Math.max(...sizes);
    const smallest = Math.min(...sizes);
    const docs = scale.cells.filter((c) => /feed|sitemap|rss/.test(c.route));
    const readsAt = (route: string, size: number) => docs.find((c) => c.route === route && c.size === size)?.kvReads ?? 0;
    checks.push({
      target: `KV reads a new isolate makes per feed/sitemap response, ${smallest.toLocaleString("en")} → ${biggest.toLocaleString("en")} stories (page cache off)`,
      goal: "no more at the larger size",
      measured: [...new Set(docs.map((c) => c.route))].map((r) => `${r} ${readsAt(r, smallest)} → ${readsAt(r, biggest)}`).join(", "),
      pass: docs.every((c) => c.kvReads <= readsAt(c.route, smallest)),
    });
    const growth = [...new Set(scale.cells.map((c) => c.route))].map((route) => {
      const small = scale.cells.find((c) => c.route === route && c.size === smallest);
      const big = scale.cells.find((c) => c.route === route && c.size === biggest);
      return { route, factor: small && big ? big.nodeUs / small.nodeUs : Number.NaN, reads: small && big ? big.kvReads - small.kvReads : 0 };
    });
    checks.push({
      target: `site cost per response, ${smallest.toLocaleString("en")} → ${biggest.toLocaleString("en")} stories`,
      goal: "within 20%, same KV reads",
      measured: growth.map((g) => `${g.route} ${g.factor.toFixed(2)}×`).join(", "),
      pass: growth.every((g) => g.factor <= 1.2 && g.reads === 0),
    });
  }
  const docs = ["rss", "sitemap"].flatMap((id) => {
    const u = results.usage?.routes[id];
    return u ? [{ id, reads: [...formatKvOps(u.memoExpired.kvOps).matchAll(READS)].reduce((n, m) => n + Number(m[2]), 0) }] : [];
  });
  if (docs.length > 0) {
    checks.push({
      target: "KV reads per feed/sitemap response (page cache on, memo expired)",
      goal: "≤ 1",
      measured: docs.map((d) => `${d.id} ${d.reads}`).join(", "),
      pass: docs.every((d) => d.reads <= 1),
    });
  }

  const st = results.stability;
  if (st) {
    const bad = st.routes.reduce((n, r) => n + r.socketErrors + r.unexpected, 0);
    const spread = st.routes.map((r) => ({ id: r.id, ratio: r.p99Ms / r.p50Ms }));
    const growth = st.rssEndMiB / st.rssAfterFirstMiB - 1;
    checks.push({ target: `stability: errors and unexpected statuses (${st.connections} connections)`, goal: "0", measured: String(bad), pass: bad === 0 });
    checks.push({
      target: "stability: p99 / p50 per route",
      goal: "≤ 4",
      measured: spread.map((s) => `${s.id} ${s.ratio.toFixed(1)}`).join(", "),
      pass: spread.every((s) => s.ratio <= 4),
    });
    checks.push({
      target: "stability: workerd memory, end vs after first sample",
      goal: "within 10%",
      measured: `${st.rssAfterFirstMiB.toFixed(0)} → ${st.rssEndMiB.toFixed(0)} MiB (${(growth * 100).toFixed(1)}%)`,
      pass: Math.abs(growth) <= 0.1,
    });
  }

  const cpu = results.cpu;
  const article = cpu?.find((c) => c.name.startsWith("article page, 1,500"));
  if (article)
    checks.push({ target: "render CPU, 1,500-word article", goal: "< 500 µs", measured: `${article.meanUs.toFixed(0)} µs`, pass: article.meanUs < 500 });
  const decisions = cpu?.filter((c) => c.group === "policy") ?? [];
  if (decisions.length > 0) {
    const worst = Math.max(...decisions.map((d) => d.meanUs));
    checks.push({ target: "region decision", goal: "< 5 µs", measured: `${worst.toFixed(2)} µs`, pass: worst < 5 });
  }

  const size = results.size;
  if (size) {
    checks.push({
      target: "bundle",
      goal: "< 64 KB gzip",
      measured: `${kb(size.bundle.gzipBytes)} gzip (${kb(size.bundle.rawBytes)} raw)`,
      pass: size.bundle.gzipBytes < 64 * 1024,
    });
    checks.push({
      target: "article HTML",
      goal: "< 14 KB gzip",
      measured: `${kb(size.articleHtml.gzipBytes)} gzip`,
      pass: size.articleHtml.gzipBytes < 14 * 1024,
    });
    checks.push({
      target: "article: styles inline, nothing render-blocking",
      goal: "0 external stylesheets, 0 blocking",
      measured: `${size.browser.inlineStyles} inline <style>, ${size.browser.externalStylesheets} external, ${size.browser.renderBlocking} blocking`,
      pass: size.browser.externalStylesheets === 0 && size.browser.renderBlocking === 0,
    });
  }
  return checks;
}

export function printReport(results: BenchResults): string {
  const out: string[] = [];
  const { miniflare, wranglerDev } = results.throughput;
  if (results.entry) out.push(printEntryCost(results.entry), "");
  if (miniflare) {
    out.push(
      `Throughput: the deploy bundle under plain workerd, each Worker on its own direct socket (no Miniflare entry worker); workerd on core 0, wrk on core 1; ${miniflare[0]?.rounds.length ?? 0} interleaved rounds`,
      throughputTable(miniflare),
      roundsLine(miniflare),
      "",
    );
  }
  if (results.compare) out.push(printCompare(results.compare), "");
  if (results.usage) {
    const u = results.usage;
    const labels = new Map((miniflare ?? []).map((r) => [r.id, r.label]));
    out.push(
      `Usage per request (the site's counting copies, which log every request; the measured copies log ${u.logSampleRate} of them, LOG_SAMPLE_RATE as in production)`,
      usageTable(u, labels),
      `Publish (PUT /api/articles/<new slug>, the pointer write after it included; mean of 5): KV ${formatKvOps(u.publish.kvOps)}, DO ${formatDo(u.publish)}, ` +
        `${figure(u.publish.logEvents)} log lines, workerd CPU ${u.publish.cpuMs.toFixed(0)} ms`,
      `Next cron pass: KV ${formatKvOps(u.cronAfterPublish.kvOps)}, DO ${formatDo(u.cronAfterPublish)}; quiet cron pass (mean of 5): KV ${formatKvOps(u.cronIdle.kvOps)}, ` +
        `DO ${formatDo(u.cronIdle)}, workerd CPU ${u.cronIdle.cpuMs.toFixed(1)} ms; the writer's SQLite with the seed: ${(u.doDatabaseBytes / 1024).toFixed(0)} KiB`,
      "",
    );
  }
  for (const profile of results.profiles ?? []) out.push(printProfile(profile), "");
  if (results.startup) out.push(printStartup(results.startup), "");
  if (wranglerDev) out.push("Throughput under wrangler dev (ratios within wrangler dev only)", throughputTable(wranglerDev), "");
  if (miniflare && wranglerDev) {
    out.push(
      "Dev-server overhead (wrangler dev vs plain workerd, same route)",
      table(
        ["route", "workerd req/s", "wrangler dev req/s", "throughput lost", "p50 added ms"],
        miniflare.flatMap((m) => {
          const w = wranglerDev.find((r) => r.id === m.id);
          return w ? [[m.label, m.rps.toFixed(0), w.rps.toFixed(0), `${((1 - w.rps / m.rps) * 100).toFixed(0)}%`, (w.p50Ms - m.p50Ms).toFixed(2)]] : [];
        }),
      ),
      "",
    );
  }
  if (results.cpu) {
    out.push(
      "CPU per call (vitest bench, Node)",
      table(
        ["path", "mean µs", "p50 µs", "p99 µs"],
        results.cpu.map((c) => [c.name, c.meanUs.toFixed(c.meanUs < 10 ? 2 : 0), c.p50Us.toFixed(c.p50Us < 10 ? 2 : 0), c.p99Us.toFixed(c.p99Us < 10 ? 2 : 0)]),
      ),
      "",
    );
  }
  if (results.size) {
    const s = results.size;
    out.push(
      "Size",
      table(
        ["what", "raw", "gzip", "brotli"],
        [
          ["Worker bundle (wrangler deploy --dry-run)", kb(s.bundle.rawBytes), kb(s.bundle.gzipBytes), "-"],
          ...(s.lazyModules ?? []).map((m) => [`  + ${m.file} (loaded only when publishing)`, kb(m.rawBytes), kb(m.gzipBytes), "-"]),
          ["article page HTML", kb(s.articleHtml.rawBytes), kb(s.articleHtml.gzipBytes), kb(s.articleHtml.brotliBytes)],
        ],
      ),
      `Browser requests for an article page: ${s.browser.requests} (the page + ${s.browser.subresources.map((r) => `${r.kind} ${r.url}`).join(", ") || "nothing"}); ` +
        `${s.browser.inlineStyles} inline stylesheet(s), ${s.browser.externalStylesheets} external, ${s.browser.scripts} scripts, ${s.browser.renderBlocking} render-blocking`,
      "",
    );
  }
  if (results.scale) {
    const sc = results.scale;
    const sizes = sc.sizes.map((s) => s.size);
    const ops = (o: Record<string, number>) =>
      Object.entries(o)
        .filter(([, n]) => n > 0)
        .map(([op, n]) => `${op}=${n}`)
        .join(" ") || "none";
    out.push(
      "Scaling: the site's own time per response (built Worker in Node, in-memory KV, page cache off; fastest of 7 interleaved rounds) and KV operations",
      table(
        ["route", ...sizes.flatMap((n) => [`${n.toLocaleString("en")}: µs`, "KV ops", "KB"]), "growth"],
        [...new Set(sc.cells.map((c) => c.route))].map((route) => {
          const row = sizes.map((n) => sc.cells.find((c) => c.route === route && c.size === n));
          const first = row[0];
          const last = row[row.length - 1];
          return [
            route,
            ...row.flatMap((c) => (c ? [c.nodeUs.toFixed(0), ops(c.kvOps), (c.bytes / 1024).toFixed(1)] : ["-", "-", "-"])),
            first && last ? `${(last.nodeUs / first.nodeUs).toFixed(2)}×` : "-",
          ];
        }),
      ),
    );
    const workerdSizes = sizes.filter((n) => sc.cells.some((c) => c.size === n && c.workerdMs !== undefined));
    if (workerdSizes.length > 0) {
      out.push(
        "",
        "Scaling under workerd (local KV simulator included: its list cost grows with the namespace, see the pages sitemap)",
        table(
          ["route", ...workerdSizes.map((n) => `${n.toLocaleString("en")}: ms/resp`), "growth"],
          [...new Set(sc.cells.map((c) => c.route))].map((route) => {
            const row = workerdSizes.map((n) => sc.cells.find((c) => c.route === route && c.size === n)?.workerdMs);
            const first = row[0];
            const last = row[row.length - 1];
            return [route, ...row.map((v) => (v === undefined ? "-" : v.toFixed(2))), first && last ? `${(last / first).toFixed(2)}×` : "-"];
          }),
        ),
      );
    }
    out.push(
      `Archives, each loaded through its copy's import API (batches of at most 1,000 stories): ${sc.sizes
        .map(
          (s) =>
            `${s.size.toLocaleString("en")} stories in ${s.requests} requests, sent in ${s.sendSeconds.toFixed(0)} s and projected ${s.settleSeconds.toFixed(0)} s later ` +
            `(writer's SQLite ${(s.databaseBytes / 1048576).toFixed(1)} MiB, ${(s.databaseBytes / s.size / 1024).toFixed(1)} KiB a story)`,
        )
        .join("; ")}`,
      "",
    );
  }
  if (results.stability) {
    const st = results.stability;
    out.push(
      `Stability (${st.connections} connections, ${st.secondsPerRoute} s per route; workerd memory ${st.rssAfterFirstMiB.toFixed(0)} MiB after ${st.firstSampleSeconds} s → ${st.rssEndMiB.toFixed(0)} MiB at the end)`,
      table(
        ["route", "req/s", "p50 ms", "p99 ms", "p99/p50", "socket errors", "unexpected", "workerd MiB"],
        st.routes.map((r) => [
          r.label,
          r.rps.toFixed(0),
          r.p50Ms.toFixed(1),
          r.p99Ms.toFixed(1),
          (r.p99Ms / r.p50Ms).toFixed(1),
          r.socketErrors,
          r.unexpected,
          r.rssEndMiB.toFixed(0),
        ]),
      ),
      "",
    );
  }
  out.push(
    "Targets",
    table(
      ["target", "goal", "measured", "result"],
      results.targets.map((t) => [t.target, t.goal, t.measured, t.pass === undefined ? "not run" : t.pass ? "met" : "MISSED"]),
      ["l", "l", "l", "l"],
    ),
  );
  if (results.notes.length > 0) out.push("", ...results.notes.map((n) => `Note: ${n}`));
  return out.join("\n");
}

/** A hand-written SVG: req/s per route, one bar per setup, the baselines first. */
export function chartSvg(results: BenchResults): string {
  const series = [
    { name: "plain workerd (Miniflare)", color: "#9b1c1c", rows: results.throughput.miniflare ?? [] },
    { name: "wrangler dev", color: "#6b7280", rows: results.throughput.wranglerDev ?? [] },
  ].filter((s) => s.rows.length > 0);
  const labels = [...new Map(series.flatMap((s) => s.rows.map((r) => [r.id, r.label] as const))).entries()];
  const max = Math.max(1, ...series.flatMap((s) => s.rows.map((r) => r.rps)));
  const left = 210;
  const width = 820;
  const bar = 12;
  const group = bar * series.length + 10;
  const top = 50;
  const height = top + labels.length * group + 40;
  const scale = (width - left - 80) / max;
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="600">Requests per second by route (${results.quick ? "quick run" : "full run"}, ${esc(results.startedAt.slice(0, 16))})</text>`,
    ...series.map(
      (s, i) => `<rect x="${left + i * 200}" y="30" width="10" height="10" fill="${s.color}"/><text x="${left + i * 200 + 14}" y="39">${esc(s.name)}</text>`,
    ),
  ];
  labels.forEach(([id, label], i) => {
    const y = top + i * group;
    parts.push(`<text x="${left - 8}" y="${y + (bar * series.length) / 2 + 4}" text-anchor="end">${esc(label)}</text>`);
    series.forEach((s, j) => {
      const r = s.rows.find((row) => row.id === id);
      if (!r) return;
      const w = Math.max(1, r.rps * scale);
      parts.push(`<rect x="${left}" y="${y + j * bar}" width="${w.toFixed(1)}" height="${bar - 2}" fill="${s.color}"/>`);
      parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + j * bar + bar - 3}" font-size="10">${r.rps.toFixed(0)}</text>`);
    });
  });
  parts.push(`<line x1="${left}" y1="${top - 4}" x2="${left}" y2="${height - 30}" stroke="#111"/>`, "</svg>");
  return `${parts.join("\n")}\n`;
}
