// The OpenAPI 3.1 description of the publishing API, built from the limits and types the code uses.

import { LIMITS } from "../content/article.ts";
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from "../content/media.ts";
import { MAX_SLUG_LENGTH } from "../content/slug.ts";
import { MIN_SECRET_LENGTH } from "./auth.ts";
import { BODY_LIMITS, JSON_TYPE, MERGE_PATCH_TYPE } from "./body.ts";
import { IMPORT_LIMITS } from "./import.ts";

type Doc = Record<string, unknown>;

const ref = (kind: "schemas" | "responses" | "parameters", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: Doc) => ({ [JSON_TYPE]: { schema } });
const ok = (description: string, schema: Doc = ref("schemas", "Write")) => ({ description, content: json(schema) });
const text = (maxLength: number) => ({ type: "string", maxLength });
const list = (items: Doc, extra: Doc = {}) => ({ type: "array", items, ...extra });
/** A request body and the most bytes the API reads of it (`x-max-bytes`; a longer one gets 413). */
const body = (maxBytes: number, content: Doc, required = true) => ({ required, "x-max-bytes": maxBytes, content });

/** Error responses by status: every one is JSON {error, problems?}. */
const ERRORS: Record<string, string> = {
  "400":
    "Malformed JSON, JSON nested more than 32 levels deep, Content-Encoding sent, or invalid input: `problems` lists the problems by field path (the first 50; `problemsNotListed` counts the rest). Nothing was written.",
  "401": "Missing or wrong bearer token (WWW-Authenticate: Bearer).",
  "404": "No such article, media file or policy version.",
  "405": "Method not allowed here; Allow lists the methods.",
  "409": "A media name is taken (or being uploaded), or a rollback target is unclear.",
  "412": "If-Match does not match the current version (its ETag is returned), or If-None-Match: * and the article exists.",
  "413": "Body over the limit (checked by Content-Length and while reading).",
  "415": "Wrong Content-Type.",
  "429": "Too many failed logins (10 a minute) or writes (60 a minute) from the client's address; Retry-After says when to try again. Nothing was written.",
  "503": `No ADMIN_TOKEN secret (or one under ${MIN_SECRET_LENGTH} characters): the API fails closed. Or the site is not seeded yet, or storage failed before the change was committed (nothing changed).`,
};
const errors = (...codes: string[]) => Object.fromEntries(["401", "429", "503", ...codes].map((c) => [c, ref("responses", c)]));

const PARAMS = {
  slug: { name: "slug", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$", maxLength: MAX_SLUG_LENGTH } },
  name: {
    name: "name",
    in: "path",
    required: true,
    schema: { type: "string", pattern: `^[a-z0-9]+(?:-[a-z0-9]+)*\\.(?:${Object.keys(MEDIA_TYPES).join("|")})$` },
  },
  cursor: { name: "cursor", in: "query", schema: { type: "string" }, description: "The cursor of the previous page." },
  limit: { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
  ifMatch: {
    name: "If-Match",
    in: "header",
    schema: { type: "string" },
    description: "The ETag last read; a stale one gets 412. Optional: without it the write replaces whatever is stored.",
  },
};

const SCHEMAS: Doc = {
  Article: {
    type: "object",
    required: ["headline", "standfirst", "section", "authors", "language", "published", "status", "body"],
    additionalProperties: false,
    properties: {
      slug: { type: "string", description: "Optional; must equal the slug in the URL." },
      headline: text(LIMITS.headline),
      standfirst: text(LIMITS.standfirst),
      section: { type: "string", description: "A section path from site.json: news/middle-east." },
      authors: list({ type: "string" }, { minItems: 1, maxItems: LIMITS.authors }),
      tags: list({ type: "string" }, { maxItems: LIMITS.tags }),
      language: { type: "string", description: "BCP 47: en, en-GB, ar." },
      published: { type: "string", format: "date-time", description: "ISO 8601; a future time schedules the story." },
      updated: { type: "string", format: "date-time" },
      status: { enum: ["draft", "published"], description: 'A "draft" is stored but shown nowhere: set it to unpublish.' },
      image: {
        type: "object",
        required: ["media", "alt", "width", "height"],
        additionalProperties: false,
        properties: {
          media: { type: "string", description: "An uploaded media name." },
          alt: text(LIMITS.alt),
          caption: text(LIMITS.caption),
          credit: text(LIMITS.credit),
          width: { type: "integer", minimum: 1, maximum: LIMITS.imageSide },
          height: { type: "integer", minimum: 1, maximum: LIMITS.imageSide },
        },
      },
      body: { ...text(LIMITS.body), description: "CommonMark; raw HTML is escaped; images only /media/<name>." },
    },
  },
  Error: {
    type: "object",
    required: ["error"],
    properties: { error: { type: "string" }, problems: list(ref("schemas", "Problem")), warnings: list(ref("schemas", "Problem")) },
  },
  Problem: { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } },
  Write: {
    type: "object",
    description: "A change's result. `visibleBy`: when every edge and host shows it; `visibility` explains the window.",
    properties: {
      version: { type: "string" },
      previousVersion: { type: ["string", "null"] },
      audit: { type: "string" },
      visibleBy: { type: "string", format: "date-time" },
      visibility: { type: "string" },
      feedsPending: list({ type: "string" }),
    },
  },
  Policy: {
    type: "object",
    description: "The domain policy, as DOMAIN_POLICY in wrangler.toml. Checked exactly like `npm run check-config`.",
    required: ["primary", "hosts", "default"],
    properties: {
      primary: { type: "string" },
      canonical: { type: "string" },
      onion: { type: "string" },
      hosts: list({
        type: "object",
        required: ["host", "scheme", "public"],
        properties: {
          host: { type: "string" },
          scheme: { enum: ["https", "http"] },
          label: { type: "string" },
          public: { type: "boolean" },
          added: { type: "string" },
        },
      }),
      rules: list({
        type: "object",
        required: ["hosts"],
        properties: { name: { type: "string" }, countries: list({ type: "string" }), continents: list({ type: "string" }), hosts: list({ type: "string" }) },
      }),
      default: {
        oneOf: [
          { type: "object", properties: { serve: { const: "requested" } } },
          { type: "object", properties: { redirect: { type: "string" } } },
        ],
      },
    },
  },
  AuditEntry: {
    type: "object",
    properties: Object.fromEntries(["id", "at", "actor", "method", "path", "action", "target"].map((k) => [k, { type: "string" }])),
    description: "`previous` holds what the change replaced (an article's previous version and JSON, the previous policy); `actor` is a token id.",
  },
};

function build(): Doc {
  const page = (name: string, items: Doc) => ({
    type: "object",
    properties: { [name]: list(items), cursor: { type: "string", description: "Present when more pages follow." } },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Edge News publishing API",
      version: "1",
      description: `Bearer token = the ADMIN_TOKEN secret (at least ${MIN_SECRET_LENGTH} characters). Never cached, never redirected by region. Limits: article ${BODY_LIMITS.article} bytes, media ${MEDIA_MAX_BYTES} bytes, policy ${BODY_LIMITS.policy} bytes; compressed bodies are refused. Every change goes through one writer, one at a time.`,
    },
    security: [{ bearer: [] }],
    paths: {
      "/api/articles": {
        get: {
          summary: "List stored articles (drafts included), in slug order",
          parameters: [
            { name: "section", in: "query", schema: { type: "string" } },
            { name: "status", in: "query", schema: { enum: ["draft", "published"] } },
            PARAMS.cursor,
            PARAMS.limit,
          ],
          responses: {
            "200": ok("A page; a filtered page may be short while `cursor` is present.", page("articles", { type: "object", required: ["slug"] })),
            ...errors("400"),
          },
        },
      },
      "/api/articles/{slug}": {
        parameters: [PARAMS.slug],
        get: {
          summary: "The stored article, exactly as PUT accepts it; ETag = its version",
          responses: { "200": ok("The article", ref("schemas", "Article")), ...errors("404") },
        },
        put: {
          summary: "Create (201) or replace (200) an article",
          parameters: [PARAMS.ifMatch, { name: "If-None-Match", in: "header", schema: { const: "*" }, description: "Create only." }],
          requestBody: body(BODY_LIMITS.article, json(ref("schemas", "Article"))),
          responses: { "200": ok("Replaced"), "201": ok("Created"), ...errors("400", "409", "412", "413", "415") },
        },
        patch: {
          summary: 'Change some fields (JSON merge patch; null removes a field). {"status": "draft"} unpublishes.',
          parameters: [PARAMS.ifMatch],
          requestBody: body(BODY_LIMITS.article, { [MERGE_PATCH_TYPE]: { schema: { type: "object" } }, [JSON_TYPE]: { schema: { type: "object" } } }),
          responses: { "200": ok("Changed"), ...errors("400", "404", "409", "412", "413", "415") },
        },
        delete: {
          summary: "Remove the article entirely (record, listings, feeds); the audit log keeps its last version",
          parameters: [PARAMS.ifMatch],
          responses: { "200": ok("Removed"), ...errors("404", "409", "412") },
        },
      },
      "/api/media": {
        get: {
          summary: "List media files",
          parameters: [PARAMS.cursor, PARAMS.limit],
          responses: { "200": ok("A page", page("media", { type: "object" })), ...errors("400") },
        },
      },
      "/api/media/{name}": {
        parameters: [PARAMS.name],
        put: {
          summary: `Upload an image (served at /media/{name}). Content-Type must match the extension; at most ${MEDIA_MAX_BYTES} bytes; SVG with script, event handlers or external references is refused. A name holding different bytes gets 409.`,
          requestBody: body(
            BODY_LIMITS.media,
            Object.fromEntries([...new Set(Object.values(MEDIA_TYPES))].map((t) => [t, { schema: { type: "string", format: "binary" } }])),
          ),
          responses: { "200": ok("Identical file already stored"), "201": ok("Stored"), ...errors("400", "409", "413", "415") },
        },
        delete: { summary: "Delete a media file", responses: { "200": ok("Removed"), ...errors("404") } },
      },
      "/api/policy": {
        get: {
          summary: "The domain policy in force (live, or the deployed fallback); ETag = its version",
          responses: { "200": ok("The policy", { type: "object" }), ...errors() },
        },
        put: {
          summary: "Replace the live policy; invalid policies are refused with every problem, and the old one stays in force",
          parameters: [PARAMS.ifMatch],
          requestBody: body(BODY_LIMITS.policy, json(ref("schemas", "Policy"))),
          responses: { "200": ok("In force"), ...errors("400", "412", "413", "415") },
        },
        delete: {
          summary: "Remove the live policy: the deployed one applies again",
          parameters: [PARAMS.ifMatch],
          responses: { "200": ok("Deployed policy in force"), ...errors("404", "412") },
        },
      },
      "/api/policy/history": {
        get: {
          summary: "Every policy version, newest first",
          parameters: [PARAMS.cursor, PARAMS.limit],
          responses: { "200": ok("A page", page("versions", { type: "object" })), ...errors("400") },
        },
      },
      "/api/policy/rollback": {
        post: {
          summary: 'Restore the version before the current one, or {"to": "<version>" | "deployed"}; the rollback is itself a version',
          requestBody: body(BODY_LIMITS.command, json({ type: "object", properties: { to: { type: "string" } } }), false),
          responses: { "200": ok("Restored"), ...errors("400", "404", "409", "415") },
        },
      },
      "/api/audit": {
        get: {
          summary: "The audit log, newest first",
          parameters: [PARAMS.cursor, PARAMS.limit],
          responses: { "200": ok("A page", page("entries", ref("schemas", "AuditEntry"))), ...errors("400") },
        },
      },
      "/api/import": {
        post: {
          summary:
            "Load a batch of the content folder (`npm run seed`): the site config, then stories. Every story is checked before anything is written; a story an editor changed or deleted through the API since it was seeded is kept (listed under `kept`) unless `force` is true",
          requestBody: body(
            IMPORT_LIMITS.bytes,
            json({
              type: "object",
              properties: {
                site: { type: "object", description: "site.json" },
                articles: list(
                  { type: "object", required: ["slug", "input"], properties: { slug: { type: "string" }, input: ref("schemas", "Article") } },
                  { maxItems: IMPORT_LIMITS.items },
                ),
                force: { type: "boolean" },
              },
            }),
          ),
          responses: {
            "200": ok("What the batch created, updated, left unchanged and kept", {
              type: "object",
              properties: {
                site: { enum: ["created", "updated", "unchanged", "absent"] },
                created: list({ type: "string" }),
                updated: list({ type: "string" }),
                unchanged: { type: "integer" },
                kept: list({ type: "string" }),
                audit: { type: "string" },
              },
            }),
            ...errors("400", "413", "415"),
          },
        },
      },
      "/api/import/media": {
        post: {
          summary: "Upload a batch of images, each stored as PUT /api/media/{name} stores it",
          requestBody: body(
            IMPORT_LIMITS.bytes,
            json({
              type: "object",
              properties: {
                files: list(
                  {
                    type: "object",
                    required: ["name", "type", "data"],
                    properties: { name: { type: "string" }, type: { type: "string" }, data: { type: "string", contentEncoding: "base64" } },
                  },
                  { maxItems: IMPORT_LIMITS.items },
                ),
              },
            }),
          ),
          responses: {
            "200": ok("Stored and unchanged files", { type: "object" }),
            "422": { description: "Some files were refused (listed with why); the others were stored", content: json({ type: "object" }) },
            ...errors("400", "413", "415"),
          },
        },
      },
      "/api/openapi.json": { get: { summary: "This document (no token needed)", security: [], responses: { "200": ok("OpenAPI 3.1", { type: "object" }) } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: SCHEMAS,
      responses: Object.fromEntries(Object.entries(ERRORS).map(([code, description]) => [code, { description, content: json(ref("schemas", "Error")) }])),
    },
  };
}

let memo: Doc | undefined;

export function openApiDocument(): Doc {
  memo ??= build();
  return memo;
}
