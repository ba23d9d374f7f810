// KV key names: the only file that knows them (the layout: docs/architecture.md "The read projection").

export const keys = {
  /** The one mutable key: the pointer naming everything in force (store/format.ts Pointer). */
  pointer: () => "pointer",
  /** An immutable blob, named by a hash of its content. */
  blob: (hash: string) => `b:${hash}`,
  /** A media file's bytes: a name never changes meaning, so the key is the name. */
  media: (name: string) => `media:${name}`,
};
