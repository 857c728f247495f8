/** A validated page request. */
export interface PageRequest {
  page: number;
  size: number;
}

/** The v1 list body: `{data, pagination, links}` with links that work as written. */
export interface V1Page<T> {
  data: T[];
  pagination: { total: number; page: number; per_page: number; total_pages: number };
  links: { next: string | null; prev: string | null };
}

/** The platform list body inside `data`: `{<plural>: [...], pagination}`. */
export type PlatformPage<K extends string, T> = { [P in K]: T[] } & {
  pagination: { page: number; limit: number; total: number; pages: number };
};

/** How many documents to skip for a page. */
export function skipFor(request: PageRequest): number {
  return (request.page - 1) * request.size;
}

function totalPages(total: number, size: number): number {
  return Math.ceil(total / size);
}

/**
 * Builds a v1 page. `basePath` is the route (e.g. `/v1/projects`) and `query` the request's other
 * parameters, kept in the links so following `next` repeats the same sort and filters.
 */
export function v1Page<T>(
  items: T[],
  total: number,
  request: PageRequest,
  basePath: string,
  query: Record<string, string | number | undefined> = {},
): V1Page<T> {
  const pages = totalPages(total, request.size);
  const link = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && key !== 'page' && key !== 'per_page') params.set(key, String(value));
    }
    params.set('page', String(page));
    params.set('per_page', String(request.size));
    return `${basePath}?${params.toString()}`;
  };
  return {
    data: items,
    pagination: { total, page: request.page, per_page: request.size, total_pages: pages },
    links: {
      next: request.page < pages ? link(request.page + 1) : null,
      // Past the end, prev leads back to the last page that has items.
      prev: request.page > 1 && pages > 0 ? link(Math.min(request.page - 1, pages)) : null,
    },
  };
}

/** Builds a platform page under the given plural key. */
export function platformPage<K extends string, T>(
  key: K,
  items: T[],
  total: number,
  request: PageRequest,
): PlatformPage<K, T> {
  return {
    [key]: items,
    pagination: { page: request.page, limit: request.size, total, pages: totalPages(total, request.size) },
  } as PlatformPage<K, T>;
}
