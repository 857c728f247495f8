import { describe, expect, it } from 'vitest';
import { dialectOfPath, resolveRoute } from '../../src/domain/route-table.js';

describe('resolveRoute', () => {
  it.each([
    ['/v1/projects', 'v1', 'catalog'],
    ['/v1/projects/proj_1', 'v1', 'catalog'],
    ['/api/v1/projects', 'platform', 'catalog'],
    ['/v1/users/me', 'v1', 'identity'],
    ['/api/v1/auth/login', 'platform', 'identity'],
    ['/v1/analytics/usage', 'v1', 'identity'],
    ['/api/v1/analytics/chart', 'platform', 'ai-analytics'],
    ['/api/v1/analytics/chart/chart_1', 'platform', 'ai-analytics'],
    ['/api/v1/analytics/charts', 'platform', 'ai-analytics'],
    ['/api/v1/ai/intelligent-analysis', 'platform', 'ai-analytics'],
    ['/v1/data/upload', 'v1', 'ingestion'],
    ['/api/v1/data/sources/ds_1/schema', 'platform', 'ingestion'],
    ['/api/v1/dashboards/dashboard_1', 'platform', 'catalog'],
    ['/api/v1/search', 'platform', 'catalog'],
    ['/api/v1/export/chart/chart_1', 'platform', 'export'],
    ['/api/v1/webhooks', 'platform', 'notifications'],
    ['/api/v1/metrics/platform', 'platform', 'identity'],
    ['/api/v1/organizations/org_1', 'platform', 'identity'],
  ])('%s → %s %s', (path, dialect, upstream) => {
    expect(resolveRoute(path)).toEqual({ dialect, upstream });
  });

  it.each([
    '/v1',
    '/v1/projectsx',
    '/v1/analytics/other',
    '/api/v2/projects',
    '/projects',
    '/apiv1/projects',
    '/v1/status',
  ])('owns nothing at %s', (path) => {
    expect(resolveRoute(path)).toBeUndefined();
  });

  it('tells the dialect from the base path', () => {
    expect(dialectOfPath('/api/v1/anything')).toBe('platform');
    expect(dialectOfPath('/v1/anything')).toBe('v1');
    expect(dialectOfPath('/docs')).toBeUndefined();
  });
});
