// A local incoming-webhook receiver (as chat tools offer): records every message posted to it, and
// hands them back on GET /messages, so a test inside workerd can read what the site sent.

import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeWebhook {
  url: string;
  messages: unknown[];
  close(): Promise<void>;
}

export async function startFakeWebhook(options: { port?: number; host?: string } = {}): Promise<FakeWebhook> {
  const messages: unknown[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/messages") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(messages));
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      try {
        messages.push(JSON.parse(body));
        res.writeHead(200).end("ok");
      } catch {
        res.writeHead(400).end("not JSON");
      }
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://${host}:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
