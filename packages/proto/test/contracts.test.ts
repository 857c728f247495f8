import { describe, expect, it } from 'vitest';
import { aiAnalyticsV1, catalogV1, identityV1, ingestionV1 } from '../src/index.js';

// The RPCs ARCHITECTURE §2 promises each service serves.
describe('generated contracts', () => {
  it.each([
    [
      'identity',
      identityV1.IdentityServiceService,
      ['validateApiKey', 'getUser', 'getOrganization', 'getSigningKeys', 'recordApiCalls'],
    ],
    ['catalog', catalogV1.CatalogServiceService, ['getProject', 'getDashboard']],
    ['ingestion', ingestionV1.IngestionServiceService, ['getDataSource', 'readDataset', 'getStorageUsage']],
    ['ai-analytics', aiAnalyticsV1.AiAnalyticsServiceService, ['getChart', 'batchGetCharts']],
  ] as const)('%s serves the promised RPCs under a versioned package', (service, definition, methods) => {
    expect(Object.keys(definition).sort()).toEqual([...methods].sort());
    for (const method of Object.values(definition))
      expect(method.path).toMatch(/^\/sightline\.[a-z]+\.v1\.\w+Service\/\w+$/);
    expect(service).toBeTruthy();
  });

  it('streams the dataset and round-trips messages', () => {
    expect(ingestionV1.IngestionServiceService.readDataset.responseStream).toBe(true);
    const bytes = ingestionV1.ReadDatasetResponse.encode({ chunk: Buffer.from('PAR1') }).finish();
    expect(Buffer.from(ingestionV1.ReadDatasetResponse.decode(bytes).chunk).toString()).toBe('PAR1');
  });
});
