import { describe, expect, it } from 'vitest';
import { platformPage, skipFor, v1Page } from '../src/index.js';

describe('v1Page', () => {
  it('answers the first page with a next link that keeps sort and order', () => {
    const page = v1Page([1, 2], 45, { page: 1, size: 20 }, '/v1/projects', { sort: 'name', order: 'asc' });
    expect(page.pagination).toEqual({ total: 45, page: 1, per_page: 20, total_pages: 3 });
    expect(page.links).toEqual({ next: '/v1/projects?sort=name&order=asc&page=2&per_page=20', prev: null });
  });

  it('has no next link on the last page', () => {
    const page = v1Page([1], 45, { page: 3, size: 20 }, '/v1/projects');
    expect(page.links.next).toBeNull();
    expect(page.links.prev).toBe('/v1/projects?page=2&per_page=20');
  });

  it('points prev at the last real page when asked past the end', () => {
    const page = v1Page([], 45, { page: 9, size: 20 }, '/v1/projects');
    expect(page.links).toEqual({ next: null, prev: '/v1/projects?page=3&per_page=20' });
  });

  it('answers an empty list with zero pages and no links', () => {
    const page = v1Page([], 0, { page: 1, size: 20 }, '/v1/projects');
    expect(page.pagination.total_pages).toBe(0);
    expect(page.links).toEqual({ next: null, prev: null });
  });
});

describe('platformPage', () => {
  it('puts items under the plural key', () => {
    expect(platformPage('charts', ['a'], 150, { page: 1, size: 20 })).toEqual({
      charts: ['a'],
      pagination: { page: 1, limit: 20, total: 150, pages: 8 },
    });
  });

  it('computes skip', () => {
    expect(skipFor({ page: 3, size: 20 })).toBe(40);
  });
});
