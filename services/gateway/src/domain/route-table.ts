import type { Dialect } from '@sightline/errors';

/** The services the gateway routes to. */
export const UPSTREAMS = [
  'identity',
  'catalog',
  'ingestion',
  'ai-analytics',
  'export',
  'notifications',
] as const;
export type UpstreamName = (typeof UPSTREAMS)[number];

/** Which service owns a path under a base path (ARCHITECTURE §2); the longest prefix wins. */
const OWNERS: ReadonlyArray<readonly [prefix: string, upstream: UpstreamName]> = [
  ['/auth', 'identity'],
  ['/users', 'identity'],
  ['/organizations', 'identity'],
  ['/metrics', 'identity'],
  ['/analytics/usage', 'identity'],
  ['/analytics/chart', 'ai-analytics'],
  ['/analytics/charts', 'ai-analytics'],
  ['/ai', 'ai-analytics'],
  ['/projects', 'catalog'],
  ['/dashboards', 'catalog'],
  ['/search', 'catalog'],
  ['/data', 'ingestion'],
  ['/export', 'export'],
  ['/webhooks', 'notifications'],
];

const BASES: ReadonlyArray<readonly [base: string, dialect: Dialect]> = [
  ['/api/v1', 'platform'],
  ['/v1', 'v1'],
];

/** Where a request goes. */
export interface Route {
  dialect: Dialect;
  upstream: UpstreamName;
}

/** Whether `path` is `prefix` or below it, on a segment boundary (runs per request: no allocation). */
export function under(path: string, prefix: string): boolean {
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47);
}

/** The path of an origin-form request target (`/v1/x?y=1` → `/v1/x`); undefined for other forms. */
export function pathOf(target: string | undefined): string | undefined {
  if (!target || target.charCodeAt(0) !== 47) return undefined;
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/** The dialect a path speaks, from its base path; undefined outside both APIs. */
export function dialectOfPath(path: string): Dialect | undefined {
  return BASES.find(([base]) => under(path, base))?.[1];
}

/** Resolves a request path to its dialect and owning service, matching whole segments only. */
export function resolveRoute(path: string): Route | undefined {
  for (const [base, dialect] of BASES) {
    if (!under(path, base)) continue;
    const rest = path.slice(base.length);
    let best: (typeof OWNERS)[number] | undefined;
    for (const owner of OWNERS) {
      if (under(rest, owner[0]) && (!best || owner[0].length > best[0].length)) best = owner;
    }
    return best ? { dialect, upstream: best[1] } : undefined;
  }
  return undefined;
}
