// The one reply, as plain text: every address of the site with the links that keep a reader on it,
// the onion address, the mirror list's signing-key fingerprint, and the newest headlines on a mirror.

export interface ReplyAddress {
  label: string;
  /** "https://mirror-one.example/" */
  url: string;
  /** The same address with the override parameter: opening it keeps the reader there. */
  stayUrl: string;
  proto: "https" | "http" | "tor";
}

export interface ReplyContent {
  site: { name: string };
  /** The address that answered: "mirrors@example.org". */
  address: string;
  /** Every public address, the primary first (policy/mirrors.ts publicMirrors gives these). */
  mirrors: readonly ReplyAddress[];
  /** The onion address, when it is not among `mirrors`. */
  onion?: string;
  /** The public key that signs the mirror list (minisign "RW…"), for readers who check it. */
  signingKey?: string;
  /** The newest stories, newest first (ten), each with an absolute link on a mirror. */
  headlines: readonly { headline: string; url: string }[];
}

/** One line of text: no line breaks or other control characters from stored fields. */
function line(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
}

/** The reply's body; lines end in "\n" (mime.ts writes CRLF). URLs stand alone on their lines so mail apps link them whole. */
export function composeReply(content: ReplyContent): string {
  const name = line(content.site.name);
  const out: string[] = [`${name}: where to read us`, "", `Every address of ${name}. If one is blocked where you are, try another.`, ""];
  const web = content.mirrors.filter((m) => m.proto !== "tor");
  for (const mirror of web) {
    out.push(`${line(mirror.label)}:`, `  ${mirror.url}`);
    if (mirror.stayUrl !== mirror.url) out.push("  To stay on this address, open:", `  ${mirror.stayUrl}`);
    out.push("");
  }
  const onions = [...content.mirrors.filter((m) => m.proto === "tor").map((m) => m.url), ...(content.onion ? [content.onion] : [])];
  for (const onion of [...new Set(onions)]) out.push("In Tor Browser only:", `  ${onion}`, "");
  if (content.signingKey) {
    out.push(
      "The list of addresses (/.well-known/mirrors.json) is signed. Its public key,",
      "to check it with minisign -P or on /mirrors:",
      `  ${line(content.signingKey)}`,
      "",
    );
  }
  if (content.headlines.length > 0) {
    const host = hostOf(content.headlines[0]?.url ?? "");
    out.push(`Latest stories${host ? ` (links on ${host})` : ""}:`, "");
    content.headlines.forEach((h, i) => {
      out.push(`${i + 1}. ${line(h.headline)}`, `   ${h.url}`);
    });
    out.push("");
  }
  out.push(
    "On a slow or expensive connection, add ?lite=1 to any address for the",
    "text-only edition. Each day's stories are also one file to read offline",
    "and pass on: /editions on any address.",
    "",
    `You wrote to ${line(content.address)}. We answer each sender at most once an`,
    "hour, and we never write to you otherwise. Email is not private: your",
    "email provider can see that you wrote to us.",
  );
  return `${out.join("\n")}\n`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
