// What the Worker imports from "cloudflare:email", for the edge simulation's bundle: the simulation sends
// no mail, but the write road's module imports the class.

export class EmailMessage {
  readonly from: string;
  readonly to: string;
  readonly raw: string | ReadableStream;

  constructor(from: string, to: string, raw: string | ReadableStream) {
    this.from = from;
    this.to = to;
    this.raw = raw;
  }
}
