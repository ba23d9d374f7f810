// What one import request (a seed batch) may hold: shared by the API and the seed command.

/**
 * One batch at most: well under the 100 MB Cloudflare accepts in a request body (and the KV bulk API's
 * 100 MB / 10,000 pairs), because a Worker holds the whole batch, and its decoded images, in 128 MB.
 */
export const IMPORT_LIMITS = { bytes: 16 * 1024 * 1024, items: 1_000 } as const;
