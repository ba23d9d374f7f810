// npm run verify-mirrors -- URL [--key RW...]: checks a site's signed mirror list and prints its addresses.

import { parseArgs } from "node:util";
import { checkMirrors } from "./lib/mirror-verification.ts";

const HELP = `Usage: npm run verify-mirrors -- <site or mirrors.json URL> [--key RW...]

Fetches the site's mirror list (/.well-known/mirrors.json, or the .json URL given) and its minisign
signature (the same URL + .minisig), verifies the signature, and prints the addresses it lists.

The public key is the one given with --key, or else the one shown on the site's /mirrors page. A key
read from the same site only shows the list and the page agree; for real assurance give the key from
a source you trust (the project's README, a printed copy, a friend).

The same check with the minisign tool:
  minisign -Vm mirrors.json -P RW...

Exit status: 0 when the signature is good, 1 otherwise.`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: "string" }, help: { type: "boolean", short: "h" } } });
const url = positionals[0];
if (values.help || !url) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

const check = await checkMirrors({ url, ...(values.key ? { key: values.key } : {}) });
console.log(`Mirror list: ${check.documentUrl}`);
if (check.publicKey) console.log(`Signing key: ${check.publicKey} (${check.keySource === "--key" ? "given with --key" : `from ${check.keySource}`})`);
if (check.addresses.length > 0) {
  console.log(check.ok ? "Addresses:" : "Addresses (NOT verified):");
  for (const address of check.addresses) console.log(`  ${address}`);
}
if (check.verification?.ok) console.log(`Trusted comment: ${check.verification.trustedComment}`);
if (check.ok) {
  if (check.keySource !== "--key") console.log("Note: the key came from the same site; compare it with one from a source you trust.");
  console.log("signature OK");
  process.exit(0);
}
console.error(`signature FAILED: ${check.problem}`);
process.exit(1);
