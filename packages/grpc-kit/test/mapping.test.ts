import { AppError } from '@sightline/errors';
import { describe, expect, it } from 'vitest';
import { notYetImplemented } from '../src/index.js';

describe('notYetImplemented', () => {
  it('refuses with UNIMPLEMENTED naming the RPC', async () => {
    const error = await notYetImplemented('CatalogService.GetProject')().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('unimplemented');
    expect((error as AppError).message).toContain('CatalogService.GetProject');
  });
});
