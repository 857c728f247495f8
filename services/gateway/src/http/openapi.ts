import type { Dialect } from '@sightline/errors';

type Schema = Record<string, unknown>;

const serviceStates: Schema = {
  type: 'object',
  description: 'Each service and whether its gRPC health check answered SERVING.',
  additionalProperties: { type: 'string', enum: ['operational', 'unavailable'] },
  example: { identity: 'operational', catalog: 'unavailable' },
};

const status: Schema = {
  type: 'object',
  required: ['status', 'version', 'timestamp', 'services'],
  properties: {
    status: {
      type: 'string',
      enum: ['operational', 'degraded'],
      description: '`operational` only when every service is.',
    },
    version: { type: 'string', example: '0.1.0' },
    timestamp: { type: 'string', format: 'date-time', example: '2025-11-29T12:00:00Z' },
    services: serviceStates,
  },
};

const v1Error: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'request_id'],
      properties: {
        code: {
          type: 'string',
          examples: [
            'INVALID_API_KEY',
            'INSUFFICIENT_PERMISSIONS',
            'RESOURCE_NOT_FOUND',
            'VALIDATION_ERROR',
            'RATE_LIMIT_EXCEEDED',
            'INTERNAL_ERROR',
            'SERVICE_UNAVAILABLE',
            'GATEWAY_TIMEOUT',
          ],
        },
        message: { type: 'string' },
        field: { type: 'string', description: 'The request field at fault, when one is.' },
        request_id: { type: 'string', example: 'req_abc123' },
      },
    },
  },
};

const platformError: Schema = {
  type: 'object',
  required: ['success', 'error'],
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message', 'timestamp', 'request_id'],
      properties: {
        code: {
          type: 'string',
          examples: [
            'AUTHENTICATION_FAILED',
            'PERMISSION_DENIED',
            'RESOURCE_NOT_FOUND',
            'VALIDATION_ERROR',
            'RATE_LIMIT_EXCEEDED',
            'INTERNAL_ERROR',
            'SERVICE_UNAVAILABLE',
            'GATEWAY_TIMEOUT',
          ],
        },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
        timestamp: { type: 'string', format: 'date-time' },
        retry_after: { type: 'integer', description: 'Seconds to wait before retrying (429, 503).' },
        request_id: { type: 'string' },
      },
    },
  },
};

/** The platform dialect's success envelope around a schema. */
function envelope(data: Schema): Schema {
  return {
    type: 'object',
    required: ['success', 'data', 'timestamp'],
    properties: {
      success: { const: true },
      data,
      message: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
    },
  };
}

function errorResponse(dialect: Dialect, description: string): Schema {
  return {
    description,
    content: {
      'application/json': {
        schema: {
          $ref: dialect === 'v1' ? '#/components/schemas/Error' : '#/components/schemas/PlatformError',
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document of one dialect: every route that exists today. */
export function openApiDocument(dialect: Dialect, version: string): Schema {
  const wrap = (schema: Schema) => (dialect === 'v1' ? schema : envelope(schema));
  const common = {
    '404': errorResponse(dialect, 'No such route or resource'),
    '500': errorResponse(dialect, 'Internal error (never a stack trace)'),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: dialect === 'v1' ? 'Sightline public API v1' : 'Sightline platform API',
      version,
      description:
        dialect === 'v1'
          ? 'Resources are returned as they are; lists as `{data, pagination, links}`. Every response carries `X-Request-Id`.'
          : 'Every answer is wrapped in `{success, data, message?, timestamp}`. Every response carries `X-Request-Id`.',
    },
    servers: [{ url: dialect === 'v1' ? '/v1' : '/api/v1' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token (JWT) or an API key (`sk_…`).',
        },
      },
      schemas: { Status: status, Error: v1Error, PlatformError: platformError },
    },
    paths: {
      '/status': {
        get: {
          operationId: 'getStatus',
          summary: 'Platform status, with each service’s health',
          security: [],
          responses: {
            '200': {
              description: 'Status',
              content: { 'application/json': { schema: wrap({ $ref: '#/components/schemas/Status' }) } },
            },
            ...common,
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } },
        },
      },
    },
  };
}
