// The OpenAPI 3.1 description of the publishing API, built from the limits and types the code uses. Run at
// build time by scripts/build-openapi.mjs, which writes src/generated/openapi.json: the Worker serves that
// file and never loads the JSON Schema converter. The Article schema is converted from the valibot schema
// the API validates with (content/article-schema.ts), so the document cannot drift from the code.

import { toJsonSchema } from "@valibot/to-json-schema";
import { ArticleInput, LIMITS } from "../content/article-schema.ts";
import { MEDIA_MAX_BYTES, MEDIA_TYPES } from "../content/media.ts";
import { MEDIA_NAME } from "../content/slug.ts";
import { MIN_SECRET_LENGTH } from "./auth.ts";
import { BODY_LIMITS, JSON_TYPE, MERGE_PATCH_TYPE } from "./body.ts";
import { IMPORT_LIMITS } from "./import-limits.ts";

type Doc = Record<string, unknown>;

/**
 * The article's JSON Schema (draft 2020-12, OpenAPI 3.1's dialect), as the API accepts it once normalised:
 * what the schema accepts, the API accepts; text the API trims, and times it normalises, are described as
 * they are stored. Actions with no JSON Schema form are named, so a new one fails the build until it is
 * either expressed or listed here.
 */
export function articleJsonSchema(): Doc {
  const { $schema: _, ...schema } = toJsonSchema(ArticleInput, {
    target: "draft-2020-12",
    // Each object is a pipe of "is it a plain object" and the object schema: convert the last.
    typeMode: "output",
    // trim and the normalisations (transform), the duplicate check (raw_check; written as uniqueItems
    // metadata), "whitespace is not a time" (check) and updated ≥ published (partial_check).
    ignoreActions: ["trim", "transform", "raw_check", "check", "partial_check"],
  });
  return schema as Doc;
}

const ref = (kind: "schemas" | "responses" | "parameters", name: string) => ({ $ref: `#/components/${kind}/${name}` });
const json = (schema: Doc) => ({ [JSON_TYPE]: { schema } });
const ok = (description: string, schema: Doc = ref("schemas", "Write")) => ({ description, content: json(schema) });
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
  "409": "A media name is taken (or being uploaded: Retry-After), or a rollback target is unclear.",
  "412": "If-Match does not match the current version (its ETag is returned), or If-None-Match: * and the article exists.",
  "413": "Body over the limit (checked by Content-Length and while reading).",
  "415": "Wrong Content-Type.",
  "429": "Too many failed logins (10 a minute) or writes (60 a minute) from the client's address; Retry-After says when to try again. Nothing was written.",
  "503": `No ADMIN_TOKEN secret (or one under ${MIN_SECRET_LENGTH} characters): the API fails closed (code api_switched_off). Or the site is not seeded yet (not_seeded), or storage failed before the change was committed (storage_unavailable: nothing changed).`,
};
const errors = (...codes: string[]) => Object.fromEntries(["401", "429", "503", ...codes].map((c) => [c, ref("responses", c)]));

const params = (article: Doc) => ({
  slug: { name: "slug", in: "path", required: true, schema: slugRule(article) },
  name: { name: "name", in: "path", required: true, schema: { type: "string", pattern: MEDIA_NAME.source, maxLength: LIMITS.media } },
  cursor: { name: "cursor", in: "query", schema: { type: "string" }, description: "The cursor of the previous page." },
  limit: { name: "limit", in: "query", schema: { type: "integer", minimum: 1 } },
  ifMatch: {
    name: "If-Match",
    in: "header",
    schema: { type: "string" },
    description: "The ETag last read; a stale one gets 412. Optional: without it the write replaces whatever is stored.",
  },
});

/** The slug in the URL follows the article's slug rule: taken from the converted schema, not restated. */
function slugRule(article: Doc): Doc {
  const slug = (article.properties as Record<string, Doc> | undefined)?.slug;
  if (!slug?.pattern || !slug.maxLength) throw new Error("the Article schema has no slug pattern and maxLength");
  return { type: "string", pattern: slug.pattern, maxLength: slug.maxLength };
}

const schemas = (article: Doc): Doc => ({
  Article: article,
  Error: {
    type: "object",
    required: ["code", "error"],
    properties: {
      code: {
        type: "string",
        description:
          "A stable machine code: invalid, not_found, precondition_failed, conflict, unauthorized, invalid_token, rate_limited, not_seeded, https_required, ...",
      },
      error: { type: "string", description: "What was wrong and what to do, for a person." },
      problems: list(ref("schemas", "Problem")),
      warnings: list(ref("schemas", "Problem")),
    },
  },
  Problem: {
    type: "object",
    required: ["field", "code", "message"],
    properties: {
      field: { type: "string", description: 'The field path: "image.alt", "tags[2]".' },
      code: { type: "string", description: 'Stable, for programs: "required", "too_long", "invalid_slug"…' },
      message: { type: "string", description: "For people; its wording may change." },
    },
  },
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
    description:
      "`previous` holds what the change replaced (an article's previous version and JSON, the previous media record, the previous policy's version: each version is kept in /api/policy/history); `actor` is a token id.",
  },
});

/** The whole document, around the article's JSON Schema (articleJsonSchema()). */
export function openApiDocument(article: Doc): Doc {
  const PARAMS = params(article);
  const page = (name: string, items: Doc) => ({
    type: "object",
    properties: { [name]: list(items), cursor: { type: "string", description: "Present when more pages follow." } },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Edge News publishing API",
      version: "1",
      description: `Bearer token = the ADMIN_TOKEN secret (at least ${MIN_SECRET_LENGTH} characters). Never cached, never redirected by region. Limits: article ${BODY_LIMITS.article} bytes, media ${MEDIA_MAX_BYTES} bytes, policy ${BODY_LIMITS.policy} bytes; compressed bodies are refused. Every change goes through one writer, one at a time; its answer says when every data centre shows it (visibleBy). Every error answer is JSON {code, error, ...}: match on \`code\`, a stable machine code.`,
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
      "/api/reach": {
        get: {
          summary: "What the reach passes found per host and country: status (blocked, reachable, unknown), since when, the figures behind it",
          responses: {
            "200": ok("The reach status", { type: "object", properties: { mode: { type: "string" }, pairs: list({ type: "object" }) } }),
            ...errors(),
          },
        },
      },
      "/api/reach/run": {
        post: {
          summary: "Run a reach pass now; the answer is its findings and, in act mode, the policy version it wrote (or why it wrote none)",
          responses: { "200": ok("The pass's findings", { type: "object" }), ...errors() },
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
      schemas: schemas(article),
      responses: Object.fromEntries(Object.entries(ERRORS).map(([code, description]) => [code, { description, content: json(ref("schemas", "Error")) }])),
    },
  };
}
