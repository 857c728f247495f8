import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  dialectForPath,
  errorBody,
  fromGrpcError,
  successBody,
  toAppError,
  toGrpcError,
  type ErrorKind,
} from '../src/index.js';

const now = new Date('2025-11-29T12:00:00.123Z');

describe('dialect error bodies', () => {
  it.each([
    ['validation', 400, 'VALIDATION_ERROR', 422, 'VALIDATION_ERROR'],
    ['unauthenticated', 401, 'INVALID_API_KEY', 401, 'AUTHENTICATION_FAILED'],
    ['forbidden', 403, 'INSUFFICIENT_PERMISSIONS', 403, 'PERMISSION_DENIED'],
    ['not_found', 404, 'RESOURCE_NOT_FOUND', 404, 'RESOURCE_NOT_FOUND'],
    ['rate_limited', 429, 'RATE_LIMIT_EXCEEDED', 429, 'RATE_LIMIT_EXCEEDED'],
    ['internal', 500, 'INTERNAL_ERROR', 500, 'INTERNAL_ERROR'],
  ] as const)('%s → v1 %i %s, platform %i %s', (kind, v1Status, v1Code, pStatus, pCode) => {
    const error = new AppError(kind as ErrorKind, 'nope');
    expect(error.httpStatus('v1')).toBe(v1Status);
    expect(error.code('v1')).toBe(v1Code);
    expect(error.httpStatus('platform')).toBe(pStatus);
    expect(error.code('platform')).toBe(pCode);
  });

  it('writes the v1 body exactly', () => {
    const body = errorBody(
      'v1',
      new AppError('validation', 'per_page must be at most 100', { field: 'per_page' }),
      'req_1',
      now,
    );
    expect(body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'per_page must be at most 100',
        field: 'per_page',
        request_id: 'req_1',
      },
    });
  });

  it('writes the platform body exactly, with retry_after and details', () => {
    const error = new AppError('rate_limited', 'Rate limit exceeded. Try again in 60 seconds.', {
      retryAfter: 60,
    });
    expect(errorBody('platform', error, 'req_2', now)).toEqual({
      success: false,
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded. Try again in 60 seconds.',
        timestamp: '2025-11-29T12:00:00Z',
        retry_after: 60,
        request_id: 'req_2',
      },
    });
    const withField = errorBody(
      'platform',
      new AppError('validation', 'bad', { field: 'limit' }),
      'req_3',
      now,
    );
    expect(withField).toMatchObject({ error: { details: { field: 'limit' } } });
  });

  it('never shows the text of an unexpected error', () => {
    const error = toAppError(new Error('connection string mongodb://user:pw@host'));
    expect(error.kind).toBe('internal');
    expect(JSON.stringify(errorBody('v1', error, 'req_4'))).not.toContain('mongodb://');
  });

  it('wraps success in the platform envelope only', () => {
    expect(successBody('v1', { id: 'proj_1' })).toEqual({ id: 'proj_1' });
    expect(successBody('platform', { id: 'proj_1' }, 'Done', now)).toEqual({
      success: true,
      data: { id: 'proj_1' },
      message: 'Done',
      timestamp: '2025-11-29T12:00:00Z',
    });
  });

  it('picks the dialect from the path', () => {
    expect(dialectForPath('/api/v1/users')).toBe('platform');
    expect(dialectForPath('/v1/projects')).toBe('v1');
    expect(dialectForPath('/apiary')).toBe('v1');
  });
});

describe('gRPC mapping', () => {
  it('round-trips kind, message and field through a gRPC status', () => {
    const sent = toGrpcError(new AppError('not_found', 'Project proj_1 not found', { field: 'project_id' }));
    expect(sent.code).toBe(status.NOT_FOUND);
    const back = fromGrpcError({ code: sent.code, details: sent.details, metadata: sent.metadata });
    expect(back.kind).toBe('not_found');
    expect(back.message).toBe('Project proj_1 not found');
    expect(back.field).toBe('project_id');
  });

  it('maps plain gRPC codes from foreign servers', () => {
    expect(fromGrpcError({ code: status.UNAVAILABLE, details: 'down', metadata: new Metadata() }).kind).toBe(
      'unavailable',
    );
    expect(fromGrpcError({ code: status.DEADLINE_EXCEEDED, details: 'slow' }).kind).toBe('timeout');
    expect(fromGrpcError({ code: status.DATA_LOSS, details: 'secret detail' }).message).not.toContain(
      'secret',
    );
  });

  it('reports unexpected errors as INTERNAL without their text', () => {
    const sent = toGrpcError(new Error('stack and secrets'));
    expect(sent.code).toBe(status.INTERNAL);
    expect(sent.details).not.toContain('secrets');
  });
});
