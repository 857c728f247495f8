import { AppError } from '@sightline/errors';
import { createLogger, withRequestContext } from '@sightline/logging';
import { catalogV1, ingestionV1 } from '@sightline/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcClient, GrpcServer, HealthChecker, notYetImplemented } from '../src/index.js';

const logger = createLogger({ service: 'grpc-test', level: 'silent' });
const seenRequestIds: string[] = [];
const server = new GrpcServer({ logger });
let address = '';

beforeAll(async () => {
  server.addService('sightline.catalog.v1.CatalogService', catalogV1.CatalogServiceService, {
    getProject: async (request, context) => {
      seenRequestIds.push(context.requestId);
      if (request.projectId !== 'proj_1')
        throw new AppError('not_found', `Project ${request.projectId} not found`, { field: 'project_id' });
      return {
        project: {
          id: 'proj_1',
          organizationId: request.organizationId,
          name: 'P',
          description: '',
          createdAt: '',
          updatedAt: '',
        },
      };
    },
    getDashboard: notYetImplemented('CatalogService.GetDashboard'),
  });
  const port = await server.listen('127.0.0.1', 0);
  address = `127.0.0.1:${port}`;
});

afterAll(() => server.shutdown(100));

describe('GrpcServer and createGrpcClient over a real channel', () => {
  it('answers, and carries the caller’s request id in metadata', async () => {
    server.setServing(true);
    const client = createGrpcClient(catalogV1.CatalogServiceService, address);
    const response = await withRequestContext({ requestId: 'req_from_http' }, () =>
      client.getProject({ projectId: 'proj_1', organizationId: 'org_1' }),
    );
    expect(response.project?.name).toBe('P');
    expect(seenRequestIds.at(-1)).toBe('req_from_http');
    client.close();
  });

  it('maps errors to gRPC status and back to the same AppError', async () => {
    const client = createGrpcClient(catalogV1.CatalogServiceService, address);
    const error = await client
      .getProject({ projectId: 'proj_x', organizationId: 'org_1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      kind: 'not_found',
      message: 'Project proj_x not found',
      field: 'project_id',
    });
    const unimplemented = await client
      .getDashboard({ dashboardId: 'd', organizationId: 'o' })
      .catch((e: unknown) => e);
    expect((unimplemented as AppError).kind).toBe('unimplemented');
    client.close();
  });

  it('fails within its deadline with UNAVAILABLE when nothing listens, after retrying', async () => {
    const client = createGrpcClient(ingestionV1.IngestionServiceService, '127.0.0.1:1', { deadlineMs: 800 });
    const started = Date.now();
    const error = await client
      .getDataSource({ dataSourceId: 'ds_1', organizationId: 'o', name: '' })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(['unavailable', 'timeout']).toContain((error as AppError).kind);
    client.close();
  });

  it('reports health through the standard health service', async () => {
    const checker = new HealthChecker();
    server.setServing(true);
    expect(await checker.check(address, 1_000)).toBe('SERVING');
    expect(await checker.check(address, 1_000, 'sightline.catalog.v1.CatalogService')).toBe('SERVING');
    server.setServing(false);
    expect(await checker.check(address, 1_000)).toBe('NOT_SERVING');
    expect(await checker.check('127.0.0.1:1', 500)).toBe('UNREACHABLE');
    checker.close();
  });
});
