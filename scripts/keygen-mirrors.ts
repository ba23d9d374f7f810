// npm run keygen-mirrors: makes the key that signs /.well-known/mirrors.json (minisign format) and says
// where each half goes.

import { parseArgs } from "node:util";
import { checkSecretKey, formatPublicKey, formatSecretKey, generateSecretKey, keyIdHex, parseSecretKey, publicKeyFile } from "../src/policy/minisign.ts";

const HELP = `Usage: npm run keygen-mirrors [-- --public]

Makes a new Ed25519 key pair for signing the mirror list (/.well-known/mirrors.json.minisig) in the
minisign format, and prints:
  - the secret, to store with:  npx wrangler secret put MIRRORS_SIGNING_KEY
  - the public key (RW...), for the site config, /mirrors and docs/reach.md, and the minisign.pub file

Readers verify with:  minisign -Vm mirrors.json -P <public key>

Options:
  --public    print the public key of the secret in the MIRRORS_SIGNING_KEY environment variable
              instead of making a new pair
  -h, --help  show this help`;

const { values } = parseArgs({ options: { public: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

if (values.public) {
  const secret = parseSecretKey(process.env.MIRRORS_SIGNING_KEY ?? "");
  if ("error" in secret) {
    console.error(`${secret.error}\n(set MIRRORS_SIGNING_KEY in the environment to the secret npm run keygen-mirrors printed)`);
    process.exit(1);
  }
  const mismatch = await checkSecretKey(secret);
  if (mismatch) {
    console.error(mismatch);
    process.exit(1);
  }
  console.log(formatPublicKey(secret));
  process.exit(0);
}

const secret = await generateSecretKey();
console.log(`Mirror signing key ${keyIdHex(secret.keyId)}

1. The secret. Keep it out of the repository; store it in the Worker (paste the line when asked):

   npx wrangler secret put MIRRORS_SIGNING_KEY

${formatSecretKey(secret)}

2. The public key. Put it in the site config (shown on /mirrors) and wherever readers learn your addresses:

${formatPublicKey(secret)}

   As a minisign.pub file:

${publicKeyFile(secret)}
Readers check the mirror list with:

   minisign -Vm mirrors.json -P ${formatPublicKey(secret)}`);
