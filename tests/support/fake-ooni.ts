// A local stand-in for the OONI aggregation API (GET /api/v1/aggregation): replays the recorded answers
// in tests/fixtures/ooni by (probe_cc, domain), including 429, 400, malformed and slow ones.
//
// In tests: `const ooni = await startFakeOoni({ fixtures: "tests/fixtures/ooni" })`, then OONI_API_URL = ooni.url.
// Standalone (e.g. beside `npm start`, with OONI_API_URL=http://127.0.0.1:8799 in .dev.vars):
//   node tests/support/fake-ooni.ts --port 8799 --fixtures tests/fixtures/ooni
//
// Fixture files (JSON): { about, probe_cc ("*" for any), domain ("*" for any), status?, delay_ms?, answer? | answer_text? }.
// `answer` is the API's answer for that one country and domain with axis_x=measurement_start_day; days may
// be written "D-0", "D-1"... relative to the last day the request asks for (the day before `until`).
// A request naming several domains or countries gets their rows merged as the API does for axis_y.
// A fixture with a status other than 200, a raw `answer_text` or no `result` list answers the whole
// request it matches, as a rate limit or an outage would; one with `delay_ms` slows the whole answer.

import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export interface OoniFixture {
  name: string;
  about?: string;
  probe_cc: string;
  domain: string;
  status?: number;
  delay_ms?: number;
  answer?: unknown;
  answer_text?: string;
}

export interface FakeOoni {
  url: string;
  /** Every request received, in order. */
  requests: URL[];
  close(): Promise<void>;
}

const COUNTS = ["anomaly_count", "confirmed_count", "failure_count", "ok_count", "measurement_count"] as const;
type Row = Record<string, string | number>;

export async function loadOoniFixtures(dir: string): Promise<OoniFixture[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (name) => {
      const fixture = JSON.parse(await readFile(join(dir, name), "utf8")) as Omit<OoniFixture, "name">;
      if (typeof fixture.probe_cc !== "string" || typeof fixture.domain !== "string")
        throw new Error(`${join(dir, name)}: a fixture needs "probe_cc" and "domain" ("*" for any domain)`);
      return { ...fixture, name: name.replace(/\.json$/, "") };
    }),
  );
}

function list(value: string | null): string[] {
  return value ? value.split(",").filter((v) => v !== "") : [];
}

function resolveDay(day: string, lastDay: Date): string {
  const relative = /^D-(\d+)$/.exec(day);
  if (!relative) return day;
  return new Date(lastDay.getTime() - Number(relative[1]) * 86_400_000).toISOString().slice(0, 10);
}

function rowsOf(fixture: OoniFixture): Row[] {
  const result = (fixture.answer as { result?: unknown } | undefined)?.result;
  return Array.isArray(result) ? (result as Row[]) : [];
}

/** True when the fixture stands for the whole answer (an error, a delay, a raw body) rather than data rows. */
function answersAlone(fixture: OoniFixture): boolean {
  return (fixture.status ?? 200) !== 200 || fixture.answer_text !== undefined || !Array.isArray((fixture.answer as { result?: unknown })?.result);
}

/** The answer for one request: the matching fixtures' rows, filtered to the window and merged by the axes. */
export function answerFor(url: URL, fixtures: readonly OoniFixture[]): { status: number; body: string; delayMs: number } {
  const countries = list(url.searchParams.get("probe_cc"));
  const domains = list(url.searchParams.get("domain"));
  const axisX = url.searchParams.get("axis_x");
  const axisY = url.searchParams.get("axis_y");
  const since = url.searchParams.get("since") ?? "0000-00-00";
  const until = url.searchParams.get("until") ?? "9999-99-99";
  const alone = fixtures.find((f) => countries.includes(f.probe_cc) && (f.domain === "*" || domains.includes(f.domain)) && answersAlone(f));
  // Each (country, domain) asked gets its most specific fixture: exact over "*" for the domain, then the country.
  const matching = countries.flatMap((cc) =>
    domains.flatMap((domain) => {
      const fixture = [
        (f: OoniFixture) => f.probe_cc === cc && f.domain === domain,
        (f: OoniFixture) => f.probe_cc === cc && f.domain === "*",
        (f: OoniFixture) => f.probe_cc === "*" && f.domain === domain,
        (f: OoniFixture) => f.probe_cc === "*" && f.domain === "*",
      ]
        .map((match) => fixtures.find((f) => match(f) && !answersAlone(f)))
        .find((f) => f !== undefined);
      return fixture ? [{ ...fixture, probe_cc: cc, domain }] : [];
    }),
  );
  if (alone) return { status: alone.status ?? 200, body: alone.answer_text ?? JSON.stringify(alone.answer ?? {}), delayMs: alone.delay_ms ?? 0 };
  if (axisX && axisX === axisY) return { status: 200, body: JSON.stringify({ error: "Axis X and Y cannot be the same", v: 0 }), delayMs: 0 };
  const lastDay = new Date(`${until}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  const merged = new Map<string, Row>();
  for (const fixture of matching) {
    for (const raw of rowsOf(fixture)) {
      const day = resolveDay(String(raw.measurement_start_day ?? ""), Number.isNaN(lastDay.getTime()) ? new Date() : lastDay);
      if (day < since || day >= until) continue;
      const keys: Row = {};
      for (const axis of [axisX, axisY]) {
        if (axis === "measurement_start_day") keys[axis] = day;
        else if (axis === "domain") keys[axis] = fixture.domain;
        else if (axis === "probe_cc") keys[axis] = fixture.probe_cc;
      }
      const id = JSON.stringify(keys);
      const row = merged.get(id) ?? { ...keys, ...Object.fromEntries(COUNTS.map((c) => [c, 0])) };
      for (const c of COUNTS) row[c] = Number(row[c]) + Number(raw[c] ?? 0);
      merged.set(id, row);
    }
  }
  const rows = [...merged.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const dimensions = Number(Boolean(axisX)) + Number(Boolean(axisY));
  const total = Object.fromEntries(COUNTS.map((c) => [c, rows.reduce((n, r) => n + Number(r[c]), 0)]));
  const db_stats = { row_count: rows.length, bytes: 0, total_row_count: rows.length, elapsed_seconds: 0 };
  // A slow fixture slows the whole answer it is part of, as one slow database query would.
  const delayMs = Math.max(0, ...matching.map((f) => f.delay_ms ?? 0));
  return { status: 200, body: JSON.stringify({ v: 0, dimension_count: dimensions, db_stats, result: dimensions > 0 ? rows : total }), delayMs };
}

export async function startFakeOoni(options: { fixtures: string | readonly OoniFixture[]; port?: number; host?: string }): Promise<FakeOoni> {
  const fixtures = typeof options.fixtures === "string" ? await loadOoniFixtures(options.fixtures) : options.fixtures;
  const requests: URL[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake-ooni");
    requests.push(url);
    if (url.pathname !== "/api/v1/aggregation") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Not Found" }));
      return;
    }
    const { status, body, delayMs } = answerFor(url, fixtures);
    const send = () => {
      if (!res.destroyed) res.writeHead(status, { "content-type": "application/json" }).end(body);
    };
    if (delayMs <= 0) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      send();
    }, delayMs);
    timers.add(timer);
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HELP = `Usage: node tests/support/fake-ooni.ts [--port 8799] [--fixtures tests/fixtures/ooni] [--host 127.0.0.1]

Serves GET /api/v1/aggregation from the recorded OONI answers in the fixtures folder.
Point the Worker at it with OONI_API_URL=http://127.0.0.1:<port> (e.g. in .dev.vars).`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { port: { type: "string" }, fixtures: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const dir = values.fixtures ?? "tests/fixtures/ooni";
  const fake = await startFakeOoni({ fixtures: dir, port: Number(values.port ?? 8799), host: values.host ?? "127.0.0.1" });
  console.log(`fake OONI API on ${fake.url} (fixtures from ${dir}); Ctrl-C stops it`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
