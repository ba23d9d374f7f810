// A typed face on the Durable Object's SQLite storage: every query the writer makes goes through it.

export type Row = Record<string, SqlStorageValue>;

export class Db {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
  }

  all<T extends Row>(query: string, ...bindings: SqlStorageValue[]): T[] {
    return this.#sql.exec<T>(query, ...bindings).toArray();
  }

  first<T extends Row>(query: string, ...bindings: SqlStorageValue[]): T | undefined {
    return this.all<T>(query, ...bindings)[0];
  }

  run(query: string, ...bindings: SqlStorageValue[]): void {
    this.#sql.exec(query, ...bindings);
  }

  /** A JSON value of the meta table, or `fallback`. */
  meta<T>(key: string, fallback: T): T {
    const row = this.first<{ value: string }>("SELECT value FROM meta WHERE key = ?", key);
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  setMeta(key: string, value: unknown): void {
    this.run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, JSON.stringify(value));
  }
}

/** Each statement runs once, in order, on an empty database; new statements are only ever appended. */
const MIGRATIONS = [
  // The stories. status: draft | published | deleted (a tombstone, so a re-seed does not bring back
  // what an editor removed). record: the whole ArticleRecord as JSON.
  `CREATE TABLE articles (
     slug TEXT PRIMARY KEY, version TEXT NOT NULL, status TEXT NOT NULL, section TEXT NOT NULL,
     headline TEXT NOT NULL, published INTEGER NOT NULL, modified INTEGER NOT NULL, record TEXT,
     shard INTEGER NOT NULL, reader TEXT, summary TEXT,
     changed_at INTEGER NOT NULL, changed_by TEXT NOT NULL, seeded_version TEXT)`,
  "CREATE INDEX articles_shard ON articles (shard)",
  // Which listings each published story is in, in listing order.
  "CREATE TABLE members (listing TEXT NOT NULL, slug TEXT NOT NULL, published INTEGER NOT NULL, boundary INTEGER NOT NULL, PRIMARY KEY (listing, slug))",
  "CREATE INDEX members_order ON members (listing, published DESC, slug)",
  "CREATE INDEX members_slug ON members (slug)",
  // The projected entry of each non-empty listing, and what the sitemaps need of day and tag listings.
  "CREATE TABLE listings (listing TEXT PRIMARY KEY, shard INTEGER NOT NULL, entry TEXT NOT NULL, first INTEGER NOT NULL, lastmod TEXT, later TEXT)",
  "CREATE INDEX listings_shard ON listings (shard)",
  // Chunks already named, so an unchanged chunk is not serialised again.
  "CREATE TABLE chunks (listing TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL, n INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (listing, first))",
  "CREATE TABLE media (name TEXT PRIMARY KEY, content_type TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, added_at INTEGER NOT NULL, added_by TEXT NOT NULL)",
  // Every live-policy version; policy NULL records a return to the deployed policy.
  "CREATE TABLE policy_versions (seq INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, policy TEXT, saved_by TEXT NOT NULL, note TEXT)",
  "CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, entry TEXT NOT NULL)",
  // Blobs of the projection: written = 1 once in KV; released_at: since when nothing refers to it.
  "CREATE TABLE blobs (hash TEXT PRIMARY KEY, written INTEGER NOT NULL, created_at INTEGER NOT NULL, released_at INTEGER)",
  // Values of blobs not yet written to KV, in parts (a SQLite row holds at most 2 MB).
  "CREATE TABLE blob_parts (hash TEXT NOT NULL, part INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (hash, part))",
  // When each reader who wrote to the mirrors address was last answered (one answer an hour).
  "CREATE TABLE email_replies (sender TEXT PRIMARY KEY, at INTEGER NOT NULL)",
];

/** Brings the database up to the current schema; how many migrations ran is kept in meta "schema". */
export function migrate(db: Db): void {
  db.run("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const applied = db.meta("schema", 0);
  for (const statement of MIGRATIONS.slice(applied)) db.run(statement);
  if (applied < MIGRATIONS.length) db.setMeta("schema", MIGRATIONS.length);
}
