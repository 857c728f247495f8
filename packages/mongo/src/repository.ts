/** A stored document as repositories hand it out: `_id` renamed `id`, no mongoose internals. */
export type Plain<T> = Omit<T, '_id' | '__v'> & { id: string };

/** Converts a lean document into the plain object repositories return. */
export function toPlain<T extends { _id: unknown }>(doc: T): Plain<T> {
  const { _id, __v, ...rest } = doc as T & { __v?: unknown };
  void __v;
  return { ...(rest as Omit<T, '_id' | '__v'>), id: String(_id) };
}

/** True for a duplicate-key error, which repositories turn into a conflict. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
