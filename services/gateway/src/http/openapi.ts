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

const str = { type: 'string' };
const time = { type: ['string', 'null'], format: 'date-time' };
const role = { type: 'string', enum: ['admin', 'user', 'viewer'] };
const plan = { type: 'string', enum: ['free', 'professional', 'enterprise'] };

const schemas: Record<string, Schema> = {
  LoginRequest: {
    type: 'object',
    required: ['email', 'password'],
    properties: { email: str, password: str },
  },
  TokenPair: {
    type: 'object',
    required: ['access_token', 'refresh_token', 'token_type', 'expires_in'],
    properties: {
      access_token: { type: 'string', description: 'RS256 JWT with `kid`, valid `expires_in` seconds.' },
      refresh_token: {
        type: 'string',
        description: 'Opaque; rotated on every refresh. Reusing one revokes its sign-in.',
      },
      token_type: { const: 'bearer' },
      expires_in: { type: 'integer', example: 3600 },
      user: { type: 'object', properties: { id: str, email: str, username: str, role } },
    },
  },
  AcceptInvite: {
    type: 'object',
    required: ['token', 'password'],
    properties: { token: str, password: { type: 'string', minLength: 10 } },
  },
  ApiKeyRequest: {
    type: 'object',
    required: ['name'],
    properties: { name: str, expires_at: { type: 'string', format: 'date-time' } },
  },
  ApiKey: {
    type: 'object',
    properties: {
      id: { type: 'string', example: 'key_…' },
      name: str,
      prefix: str,
      created_at: time,
      last_used_at: time,
      expires_at: time,
    },
  },
  User: {
    type: 'object',
    properties: {
      user_id: str,
      email: str,
      username: str,
      first_name: str,
      last_name: str,
      role,
      organization: str,
      organization_id: str,
      status: { type: 'string', enum: ['active', 'invited', 'disabled'] },
      created_at: time,
      invitation_token: {
        type: 'string',
        description: 'Only when the user was invited (created without a password).',
      },
      preferences: {
        type: 'object',
        properties: { theme: { enum: ['light', 'dark'] }, language: str, timezone: str },
      },
      statistics: { type: 'object' },
    },
  },
  NewUser: {
    type: 'object',
    required: ['email'],
    properties: {
      email: str,
      username: str,
      password: { type: 'string', minLength: 10, description: 'Omit to invite the user.' },
      first_name: str,
      last_name: str,
      role,
      organization: {
        type: 'string',
        description: 'Organization id or name (platform admins); defaults to yours.',
      },
    },
  },
  UserUpdate: {
    type: 'object',
    properties: {
      email: str,
      username: str,
      first_name: str,
      last_name: str,
      preferences: { type: 'object' },
      role,
      status: { enum: ['active', 'disabled'] },
    },
  },
  Me: { type: 'object', properties: { id: str, email: str, name: str, created_at: time, plan } },
  MeUpdate: { type: 'object', properties: { name: str, email: str } },
  Organization: {
    type: 'object',
    properties: {
      organization_id: str,
      name: str,
      domain: { type: ['string', 'null'] },
      plan,
      status: str,
      created_at: time,
      settings: {
        type: 'object',
        properties: {
          max_users: { type: 'integer' },
          data_retention_days: { type: 'integer' },
          ai_model_access: { type: 'array', items: str },
          hourly_quota: { type: 'integer' },
        },
      },
      usage: {
        type: 'object',
        properties: {
          current_users: { type: 'integer' },
          data_storage_gb: {
            type: ['number', 'null'],
            description: 'Raw uploads plus columnar copies, in GB (10^9 bytes); null while unknown',
          },
          api_calls_month: {
            type: 'integer',
            description: 'API calls admitted this calendar month (UTC), counted within seconds',
          },
        },
      },
    },
  },
  Project: {
    type: 'object',
    properties: {
      id: { type: 'string', example: 'proj_…', description: 'v1 dialect' },
      project_id: { type: 'string', description: 'platform dialect' },
      name: str,
      description: str,
      settings: {
        type: 'object',
        properties: { visibility: { enum: ['private', 'organization'] } },
        additionalProperties: true,
      },
      owner_id: { type: 'string', description: 'platform dialect' },
      created_at: time,
      updated_at: time,
    },
  },
  NewProject: {
    type: 'object',
    required: ['name'],
    properties: {
      name: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: 'Unique in the organization, ignoring case.',
      },
      description: { type: 'string', maxLength: 5000 },
      settings: {
        type: 'object',
        description:
          '`visibility` (private | organization, default private) plus your own keys, at most 16 KiB as JSON.',
      },
    },
  },
  ProjectUpdate: {
    type: 'object',
    properties: { name: str, description: str, settings: { type: 'object' } },
  },
  DataSource: {
    type: 'object',
    description:
      'One data source serves both dialects: v1 shows `id, project_id, filename, size, rows, status, format, created_at` (and `error` when failed); the platform dialect the fields below.',
    properties: {
      data_source_id: { type: 'string', example: 'ds_…' },
      name: str,
      description: str,
      file_name: str,
      file_size: { type: 'integer' },
      file_type: { enum: ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'parquet'] },
      status: { enum: ['processing', 'ready', 'failed'] },
      error: { type: 'string', description: 'Why processing failed, with the line or column at fault' },
      rows: { type: ['integer', 'null'] },
      columns: { type: ['integer', 'null'] },
      schema: {
        type: 'object',
        additionalProperties: { enum: ['datetime', 'integer', 'decimal', 'boolean', 'string'] },
      },
      tags: { type: 'array', items: str },
      uploaded_at: time,
    },
  },
  DataSourceSchema: {
    type: 'object',
    properties: {
      data_source_id: str,
      status: { enum: ['processing', 'ready', 'failed'] },
      schema: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          properties: {
            type: { enum: ['datetime', 'integer', 'decimal', 'boolean', 'string'] },
            nullable: { type: 'boolean' },
            unique_values: { type: 'integer' },
            sample_values: { type: 'array', items: str },
            date_format: { type: 'string', description: 'datetime columns: how the text was read' },
          },
        },
      },
      statistics: {
        type: 'object',
        properties: {
          total_rows: { type: 'integer' },
          completeness: { type: 'number', description: 'share of cells with a value' },
          data_quality_score: {
            type: 'number',
            description: 'mean over columns of completeness × share of values fitting the column type',
          },
        },
      },
    },
  },
  ChartRequest: {
    type: 'object',
    required: ['query', 'data_source'],
    properties: {
      query: { type: 'string', maxLength: 500, example: 'average horsepower by origin since 1975' },
      data_source: { type: 'string', description: 'A data source id (ds_…) or name' },
      chart_type: { enum: ['auto', 'bar', 'line', 'pie', 'doughnut', 'scatter'], default: 'auto' },
      options: {
        type: 'object',
        description: 'Kept with the chart (theme, interactive, export_formats…); at most 16 KiB',
      },
      title: { type: 'string', maxLength: 200 },
    },
  },
  ChartUpdate: {
    type: 'object',
    description: 'Options and title change in place; a new query or chart_type re-runs the chart.',
    properties: {
      query: { type: 'string' },
      chart_type: { enum: ['auto', 'bar', 'line', 'pie', 'doughnut', 'scatter'] },
      options: { type: 'object' },
      title: { type: 'string' },
    },
  },
  Chart: {
    type: 'object',
    properties: {
      chart_id: { type: 'string', example: 'chart_…' },
      query: str,
      title: str,
      data_source_id: str,
      chart_data: {
        type: 'object',
        description:
          'Chart.js shape (type, data.labels, data.datasets[{label, data}]) plus options and vega_lite',
      },
      insights: { type: 'array', items: str },
      insight_details: {
        type: 'array',
        items: { type: 'object', properties: { type: str, text: str, values: { type: 'object' } } },
      },
      interpretation: {
        type: 'object',
        description:
          'The computation receipt: measures, dimension and grain, filters with resolved values and rules, sort, limit, rows scanned/matched/returned, data source version, SQL and parameters, elapsed_ms',
      },
      clarification: {
        type: 'object',
        description: 'Instead of a chart, when the question can be read several ways',
        properties: { reason: str, candidates: { type: 'array', items: str } },
      },
      generated_at: time,
      created_at: time,
      updated_at: time,
    },
  },
  NewOrganization: {
    type: 'object',
    required: ['name'],
    properties: { name: str, domain: str, plan, settings: { type: 'object' } },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** One operation: its body, its answer, the errors it can give. */
function operation(
  dialect: Dialect,
  id: string,
  summary: string,
  answer: Schema,
  options: { body?: string; status?: string; public?: boolean; params?: string[]; query?: Schema[] } = {},
): Schema {
  const wrap = (schema: Schema) => (dialect === 'v1' ? schema : envelope(schema));
  return {
    operationId: id,
    summary,
    ...(options.public ? { security: [] } : {}),
    ...(options.params || options.query
      ? {
          parameters: [
            ...(options.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: str })),
            ...(options.query ?? []),
          ],
        }
      : {}),
    ...(options.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(options.body) } } } }
      : {}),
    responses: {
      [options.status ?? '200']: {
        description: 'Success',
        content: { 'application/json': { schema: wrap(answer) } },
      },
      [dialect === 'v1' ? '400' : '422']: errorResponse(dialect, 'Validation failed'),
      '401': errorResponse(dialect, 'Missing or invalid credentials'),
      '403': errorResponse(dialect, 'Not allowed for your role'),
      '404': errorResponse(dialect, 'No such resource in your organization'),
      '429': errorResponse(dialect, 'Rate limit exceeded (see Retry-After)'),
    },
  };
}

const query = (name: string, schema: Schema) => ({ name, in: 'query', required: false, schema });

function identityPaths(dialect: Dialect): Record<string, Schema> {
  if (dialect === 'v1') {
    return {
      '/users/me': {
        get: operation(dialect, 'getMe', 'The authenticated user', ref('Me')),
        put: operation(dialect, 'updateMe', 'Update your name or email', ref('Me'), { body: 'MeUpdate' }),
      },
    };
  }
  const page = [
    query('page', { type: 'integer', minimum: 1, default: 1 }),
    query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
  ];
  return {
    '/auth/login': {
      post: operation(dialect, 'login', 'Sign in (5 per minute per IP and per account)', ref('TokenPair'), {
        body: 'LoginRequest',
        public: true,
      }),
    },
    '/auth/refresh': {
      post: operation(
        dialect,
        'refresh',
        'Rotate a refresh token (send it as Authorization: Bearer)',
        ref('TokenPair'),
        { public: true },
      ),
    },
    '/auth/logout': {
      post: operation(dialect, 'logout', 'Revoke this sign-in and its access token', { type: 'object' }),
    },
    '/auth/accept-invite': {
      post: operation(dialect, 'acceptInvite', 'Activate an invited user with a password', ref('User'), {
        body: 'AcceptInvite',
        public: true,
      }),
    },
    '/auth/api-keys': {
      post: operation(
        dialect,
        'createApiKey',
        'Create an API key (its `key` is shown only here)',
        { allOf: [ref('ApiKey'), { properties: { key: str } }] },
        { body: 'ApiKeyRequest', status: '201' },
      ),
      get: operation(dialect, 'listApiKeys', 'Your API keys, without secrets', {
        type: 'object',
        properties: { api_keys: { type: 'array', items: ref('ApiKey') } },
      }),
    },
    '/auth/api-keys/{id}': {
      delete: operation(dialect, 'revokeApiKey', 'Revoke an API key', { type: 'object' }, { params: ['id'] }),
    },
    '/users': {
      post: operation(dialect, 'createUser', 'Create or invite a user (admins)', ref('User'), {
        body: 'NewUser',
        status: '201',
      }),
      get: operation(
        dialect,
        'listUsers',
        'Users of your organization (admins)',
        {
          type: 'object',
          properties: { users: { type: 'array', items: ref('User') }, pagination: { type: 'object' } },
        },
        {
          query: [
            ...page,
            query('role', role),
            query('status', { enum: ['active', 'invited', 'disabled'] }),
            query('organization', str),
          ],
        },
      ),
    },
    '/users/{user_id}': {
      get: operation(dialect, 'getUser', 'A user (yourself, or any as an admin)', ref('User'), {
        params: ['user_id'],
      }),
      put: operation(
        dialect,
        'updateUser',
        'Update a user; nobody raises their own role or changes organization. A new role or a disabled account ends the user’s sign-ins at once (its access and refresh tokens stop working)',
        ref('User'),
        { params: ['user_id'], body: 'UserUpdate' },
      ),
    },
    '/organizations': {
      post: operation(
        dialect,
        'createOrganization',
        'Create an organization (platform admins)',
        ref('Organization'),
        { body: 'NewOrganization', status: '201' },
      ),
    },
    '/organizations/{organization_id}': {
      get: operation(
        dialect,
        'getOrganization',
        'An organization with settings and live usage',
        ref('Organization'),
        { params: ['organization_id'] },
      ),
    },
  };
}

function projectPaths(dialect: Dialect): Record<string, Schema> {
  const list =
    dialect === 'v1'
      ? [
          query('page', { type: 'integer', minimum: 1, default: 1 }),
          query('per_page', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
          query('sort', { enum: ['created_at', 'updated_at', 'name'], default: 'created_at' }),
          query('order', { enum: ['asc', 'desc'], default: 'desc' }),
        ]
      : [
          query('page', { type: 'integer', minimum: 1, default: 1 }),
          query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
          query('sort_by', { enum: ['created_at', 'updated_at', 'name'], default: 'created_at' }),
          query('sort_order', { enum: ['asc', 'desc'], default: 'desc' }),
        ];
  const listAnswer =
    dialect === 'v1'
      ? {
          type: 'object',
          properties: {
            data: { type: 'array', items: ref('Project') },
            pagination: {
              type: 'object',
              properties: {
                total: { type: 'integer' },
                page: { type: 'integer' },
                per_page: { type: 'integer' },
                total_pages: { type: 'integer' },
              },
            },
            links: {
              type: 'object',
              properties: { next: { type: ['string', 'null'] }, prev: { type: ['string', 'null'] } },
            },
          },
        }
      : {
          type: 'object',
          properties: { projects: { type: 'array', items: ref('Project') }, pagination: { type: 'object' } },
        };
  const deleted =
    dialect === 'v1'
      ? {
          type: 'object',
          properties: { success: { const: true }, message: { const: 'Project deleted successfully' } },
        }
      : { type: 'object', properties: { project_id: str, deleted: { const: true } } };
  return {
    '/projects': {
      get: operation(dialect, 'listProjects', 'Projects you can see in your organization', listAnswer, {
        query: list,
      }),
      post: operation(dialect, 'createProject', 'Create a project (users and admins)', ref('Project'), {
        body: 'NewProject',
        status: '201',
      }),
    },
    '/projects/{id}': {
      get: operation(dialect, 'getProject', 'A project', ref('Project'), { params: ['id'] }),
      put: operation(
        dialect,
        'updateProject',
        'Change name, description or settings (owner or admin)',
        ref('Project'),
        { params: ['id'], body: 'ProjectUpdate' },
      ),
      delete: operation(dialect, 'deleteProject', 'Delete a project (owner or admin)', deleted, {
        params: ['id'],
      }),
    },
  };
}

function dataPaths(dialect: Dialect): Record<string, Schema> {
  const fields =
    dialect === 'v1'
      ? {
          required: ['file', 'project_id'],
          properties: {
            file: { type: 'string', format: 'binary' },
            project_id: str,
            format: { enum: ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'parquet'] },
            sheet: { type: 'string', description: 'xlsx: sheet name or 1-based number (default: the first)' },
          },
        }
      : {
          required: ['file'],
          properties: {
            file: { type: 'string', format: 'binary' },
            data_source_name: str,
            description: str,
            tags: {
              type: 'string',
              description: 'A JSON array string, a comma-separated list, or the field repeated',
            },
            format: { enum: ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'parquet'] },
            sheet: str,
          },
        };
  const uploadOp = operation(
    dialect,
    'uploadData',
    'Upload a table (streamed; 201 ready with its schema, or 202 processing for large files)',
    ref('DataSource'),
    { status: '201' },
  );
  uploadOp.requestBody = {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', ...fields } } },
  };
  (uploadOp.responses as Record<string, Schema>)['202'] = {
    description: 'Accepted: processing in the background; poll the data source',
    content: {
      'application/json': { schema: dialect === 'v1' ? ref('DataSource') : envelope(ref('DataSource')) },
    },
  };
  (uploadOp.responses as Record<string, Schema>)['413'] = errorResponse(
    dialect,
    'The file is over MAX_UPLOAD_BYTES',
  );
  (uploadOp.responses as Record<string, Schema>)['415'] = errorResponse(dialect, 'Not multipart/form-data');
  if (dialect === 'v1') {
    return {
      '/data/upload': { post: uploadOp },
      '/data/{id}': {
        get: operation(dialect, 'getData', 'An uploaded data source and its status', ref('DataSource'), {
          params: ['id'],
        }),
      },
    };
  }
  return {
    '/data/upload': { post: uploadOp },
    '/data/sources': {
      get: operation(
        dialect,
        'listDataSources',
        'Data sources of your organization, newest first',
        {
          type: 'object',
          properties: {
            data_sources: { type: 'array', items: ref('DataSource') },
            pagination: { type: 'object' },
          },
        },
        {
          query: [
            query('page', { type: 'integer', minimum: 1, default: 1 }),
            query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
            query('tags', { type: 'string', description: 'comma-separated; a source must have all of them' }),
            query('created_after', { type: 'string', format: 'date-time' }),
            query('file_type', { enum: ['csv', 'tsv', 'json', 'ndjson', 'xlsx', 'parquet'] }),
          ],
        },
      ),
    },
    '/data/sources/{id}': {
      get: operation(dialect, 'getDataSource', 'A data source', ref('DataSource'), { params: ['id'] }),
      delete: operation(
        dialect,
        'deleteDataSource',
        'Delete the raw file, the columnar copy and the metadata (uploader or admin)',
        { type: 'object', properties: { data_source_id: str, deleted: { const: true } } },
        { params: ['id'] },
      ),
    },
    '/data/sources/{id}/schema': {
      get: operation(
        dialect,
        'getDataSourceSchema',
        'Inferred column types, nullability, unique values, samples and table statistics',
        ref('DataSourceSchema'),
        { params: ['id'] },
      ),
    },
  };
}

function chartPaths(dialect: Dialect): Record<string, Schema> {
  if (dialect === 'v1') return {};
  const types = ['bar', 'line', 'pie', 'doughnut', 'scatter'];
  return {
    '/analytics/chart': {
      post: operation(
        dialect,
        'generateChart',
        'Answer a question with a chart (200 with clarification when ambiguous)',
        ref('Chart'),
        {
          body: 'ChartRequest',
          status: '201',
        },
      ),
    },
    '/analytics/chart/{chart_id}': {
      get: operation(dialect, 'getChart', 'A chart', ref('Chart'), { params: ['chart_id'] }),
      put: operation(
        dialect,
        'updateChart',
        'Change options or title, or re-run with a new query',
        ref('Chart'),
        {
          params: ['chart_id'],
          body: 'ChartUpdate',
        },
      ),
      delete: operation(
        dialect,
        'deleteChart',
        'Delete a chart (owner or admin)',
        { type: 'object', properties: { chart_id: str, deleted: { const: true } } },
        { params: ['chart_id'] },
      ),
    },
    '/analytics/charts': {
      get: operation(
        dialect,
        'listCharts',
        'Charts of your organization',
        {
          type: 'object',
          properties: { charts: { type: 'array', items: ref('Chart') }, pagination: { type: 'object' } },
        },
        {
          query: [
            query('page', { type: 'integer', minimum: 1, default: 1 }),
            query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
            query('query', { type: 'string', description: 'text the question contains (any case)' }),
            query('chart_type', { enum: types }),
            query('created_after', { type: 'string', format: 'date-time' }),
            query('sort_by', { enum: ['created_at', 'updated_at', 'query'], default: 'created_at' }),
            query('sort_order', { enum: ['asc', 'desc'], default: 'desc' }),
          ],
        },
      ),
    },
  };
}

function aiPaths(dialect: Dialect): Record<string, Schema> {
  if (dialect === 'v1') return {};
  const object = (description: string, properties: Record<string, Schema> = {}) => ({
    type: 'object',
    description,
    properties,
  });
  const json = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
  const analysis = operation(
    dialect,
    'intelligentAnalysis',
    'Which columns move with the measure a question names: correlations (Pearson, Spearman, intervals), η² with group means, time trends; Benjamini–Hochberg corrected',
    object(
      'analysis_id, query, analysis_type, results {target, primary_drivers[{factor, correlation, impact, confidence}], insights, recommendations, factors_tested, method}, generated_at',
    ),
    { status: '201' },
  );
  analysis.requestBody = json(
    object('', {
      query: { type: 'string', example: 'What are the key drivers of our sales performance?' },
      data_source: { type: 'string' },
      analysis_type: { enum: ['auto', 'correlation_analysis', 'driver_analysis'] },
      options: object('', {
        include_insights: { type: 'boolean' },
        include_recommendations: { type: 'boolean' },
        confidence_threshold: { type: 'number', minimum: 0.5, maximum: 0.999, default: 0.95 },
      }),
    }),
  );
  const workflow = operation(
    dialect,
    'runWorkflow',
    'Run data_preparation, trend_analysis and forecasting steps (201 finished, 202 still running)',
    object('workflow_id, workflow_name, status, steps[{step, type, status, elapsed_ms, output?}], results'),
    { status: '201' },
  );
  workflow.requestBody = json(
    object('', {
      workflow_name: { type: 'string' },
      steps: {
        type: 'array',
        items: object(
          '{step, type: data_preparation | trend_analysis | forecasting, parameters, depends_on?}',
          {
            step: { type: 'integer' },
            type: { enum: ['data_preparation', 'trend_analysis', 'forecasting'] },
            parameters: object(
              'data_preparation: data_source, time_range, cleaning_rules [remove_outliers, fill_missing], measure?, aggregation?, date_column?, grain?; trend_analysis: method (moving_average | linear), window_size; forecasting: model (arima | exponential_smoothing | auto), forecast_periods, confidence_interval, seasonal_period?',
            ),
          },
        ),
      },
      options: object('', {
        parallel_execution: { type: 'boolean' },
        save_intermediate_results: { type: 'boolean' },
      }),
    }),
  );
  (workflow.responses as Record<string, Schema>)['202'] = {
    description: 'Still running; poll GET /ai/workflow/{workflow_id}',
  };
  return {
    '/ai/intelligent-analysis': { post: analysis },
    '/ai/analysis/{analysis_id}': {
      get: operation(dialect, 'getAnalysis', 'A saved analysis', object('as the analysis answer'), {
        params: ['analysis_id'],
      }),
    },
    '/ai/workflow': { post: workflow },
    '/ai/workflow/{workflow_id}': {
      get: operation(
        dialect,
        'getWorkflow',
        'A workflow run and its results',
        object('as the workflow answer'),
        {
          params: ['workflow_id'],
        },
      ),
    },
    '/ai/models': {
      get: operation(
        dialect,
        'listModels',
        'Models your organization may use, with measured performance',
        object(
          'available_models[{model_id, provider, capabilities, status, performance_metrics {accuracy, response_time, cost_per_request}}]',
        ),
      ),
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
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token (JWT) or an API key (`sk_…`).',
        },
      },
      schemas: { Status: status, Error: v1Error, PlatformError: platformError, ...schemas },
    },
    paths: {
      ...identityPaths(dialect),
      ...projectPaths(dialect),
      ...dataPaths(dialect),
      ...chartPaths(dialect),
      ...aiPaths(dialect),
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
