/** A stored document as repositories hand it out: `_id` renamed `id`, no mongoose internals. */
export type Plain<T> = Omit<T, '_id' | '__v'> & { id: string };

/**
 * Converts a stored document into the plain object repositories return: `_id` becomes `id`, and
 * every field starting with `_` (mongoose's `__v`, the outbox's and tombstones' bookkeeping) is left out.
 */
export function toPlain<T extends { _id: unknown }>(doc: T): Plain<T> {
  const plain: Record<string, unknown> = { id: String(doc._id) };
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) plain[key] = value;
  return plain as Plain<T>;
}

/** True for a duplicate-key error, which repositories turn into a conflict. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
