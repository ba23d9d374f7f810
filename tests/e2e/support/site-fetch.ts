// Requests to the running site from Node, which (unlike curl and Chromium) does not resolve *.localhost:
// connect to 127.0.0.1 and send the Host header.

import { request } from "node:http";
import { DEV_PORT } from "../../../scripts/lib/dev-server.ts";

export interface SiteResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
}

/** GET an absolute URL on a *.localhost host of the site (or any path on the primary). */
export function siteFetch(url: string, headers: Record<string, string> = {}): Promise<SiteResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: DEV_PORT, path: target.pathname + target.search, headers: { Host: target.host, "X-Geo-Country": "US", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: () => body.toString("utf8") });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}
