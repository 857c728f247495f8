import { request as httpRequest } from 'node:http';
import { createGrpcClient } from '@sightline/grpc-kit';
import { ingestionV1 } from '@sightline/proto';
import { type EventRecorder, eventually, integrationEnv, recordEvents } from '@sightline/testing';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Platform, startPlatform, TEST_ADMIN } from './platform.js';

/** Small enough to be processed within the request; bigger files go to the workers. */
const INLINE_MAX = 128 * 1024;
const MAX_UPLOAD = 2 * 1024 * 1024;

let platform: Platform;
let api: string;
let events: EventRecorder;
let db: mongoose.Connection;
const tokens: Record<'admin' | 'viewer' | 'stranger', string> = { admin: '', viewer: '', stranger: '' };
/** The organization the "stranger" administers. */
let otherOrganizationId = '';
const as = (who: keyof typeof tokens) => ({ Authorization: `Bearer ${tokens[who]}` });

async function login(email: string, password: string): Promise<string> {
  const res = await request(api).post('/api/v1/auth/login').send({ email, password });
  expect(res.status).toBe(200);
  return res.body.data.access_token;
}

const SALES_CSV = [
  'date,product,region,quantity,price,revenue,in_stock,zip,note',
  '2024-01-01,Product A,North,3,9.99,29.97,true,02134,',
  '2024-02-01,Product B,South,5,19.5,97.5,false,10001,first order',
  '2024-03-01,Product A,,2,9.99,19.98,true,02134,""',
  '2024-04-01,"Product, Deluxe",East,N/A,100,,yes,94105,   ',
].join('\n');

function upload(path: string, who: keyof typeof tokens = 'admin') {
  return request(api).post(path).set(as(who));
}

async function uploadPlatform(
  content: string | Buffer,
  fileName: string,
  fields: Record<string, string> = {},
) {
  let req = upload('/api/v1/data/upload').attach('file', Buffer.from(content), fileName);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  return req;
}

async function waitUntilSettled(id: string): Promise<Record<string, unknown>> {
  let last: Record<string, unknown> = {};
  await eventually(async () => {
    const res = await request(api).get(`/v1/data/${id}`).set(as('admin'));
    last = res.body;
    expect(res.body.status).not.toBe('processing');
    return true;
  }, 30_000);
  return last;
}

async function rawFileCount(): Promise<number> {
  return db.collection('raw.files').countDocuments();
}

beforeAll(async () => {
  platform = await startPlatform(
    'data_e2e',
    {
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      RATE_LIMIT_USERS_PER_MINUTE: '1000',
      RATE_LIMIT_DATA_PER_MINUTE: '1000',
    },
    { INLINE_PROCESSING_MAX_BYTES: String(INLINE_MAX), MAX_UPLOAD_BYTES: String(MAX_UPLOAD) },
  );
  api = platform.gatewayUrl;
  events = await recordEvents([platform.topics.ingestion as string]);
  db = await mongoose
    .createConnection(`${integrationEnv().MONGO_URL}/${platform.databases.ingestion}`)
    .asPromise();
  tokens.admin = await platform.adminToken();
  const viewer = await request(api)
    .post('/api/v1/users')
    .set(as('admin'))
    .send({ email: 'viewer@data.test', password: 'long enough secret 12', role: 'viewer' });
  expect(viewer.status).toBe(201);
  tokens.viewer = await login('viewer@data.test', 'long enough secret 12');
  const org = await request(api)
    .post('/api/v1/organizations')
    .set(as('admin'))
    .send({ name: 'Other', plan: 'free' });
  await request(api).post('/api/v1/users').set(as('admin')).send({
    email: 'x@other.test',
    password: 'stranger pass 12',
    role: 'admin',
    organization: org.body.data.organization_id,
  });
  tokens.stranger = await login('x@other.test', 'stranger pass 12');
  otherOrganizationId = org.body.data.organization_id;
});

afterAll(async () => {
  await db?.close();
  await events?.stop();
  await platform?.stop();
});

describe('upload in the platform dialect', () => {
  let id = '';

  it('processes a small CSV within the request and answers with its schema', async () => {
    const res = await uploadPlatform(SALES_CSV, 'sales_2024.csv', {
      data_source_name: 'sales_data_2024',
      description: 'Monthly sales data for 2024',
      tags: '["sales", "monthly", "2024"]',
    });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    const data = res.body.data;
    id = data.data_source_id;
    expect(id).toMatch(/^ds_/);
    expect(data).toMatchObject({
      name: 'sales_data_2024',
      file_name: 'sales_2024.csv',
      file_size: Buffer.byteLength(SALES_CSV),
      rows: 4,
      columns: 9,
      status: 'ready',
      tags: ['sales', 'monthly', '2024'],
    });
    expect(data.schema).toEqual({
      date: 'datetime',
      product: 'string',
      region: 'string',
      quantity: 'integer',
      price: 'decimal',
      revenue: 'decimal',
      in_stock: 'boolean',
      zip: 'string',
      note: 'string',
    });
    expect(Date.parse(data.uploaded_at)).not.toBeNaN();
  });

  it('keeps data source names unique: a chosen name in use is a 409, a file name gets a number', async () => {
    const taken = await uploadPlatform(SALES_CSV, 'other.csv', { data_source_name: 'sales_data_2024' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', details: { existing_data_source_id: id } });
    expect(taken.body.error.message).toContain('sales_data_2024');
    const first = await uploadPlatform(SALES_CSV, 'twice.csv');
    const second = await uploadPlatform(SALES_CSV, 'twice.csv');
    expect([first.body.data.name, second.body.data.name]).toEqual(['twice', 'twice (2)']);
    // Two uploads racing for one name: the database lets one have it.
    const racing = await Promise.all(
      [1, 2, 3].map(() => uploadPlatform(SALES_CSV, 'race.csv', { data_source_name: 'raced name' })),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    // A deleted data source gives its name back.
    const holder = racing.find((r) => r.status === 201)?.body.data.data_source_id as string;
    expect((await request(api).delete(`/api/v1/data/sources/${holder}`).set(as('admin'))).status).toBe(200);
    expect((await uploadPlatform(SALES_CSV, 'race.csv', { data_source_name: 'raced name' })).status).toBe(
      201,
    );
  });

  it('serves the schema with nullability, unique values, samples and statistics', async () => {
    const res = await request(api).get(`/api/v1/data/sources/${id}/schema`).set(as('admin'));
    expect(res.status).toBe(200);
    const { schema, statistics } = res.body.data;
    expect(schema.date).toEqual({
      type: 'datetime',
      nullable: false,
      unique_values: 4,
      sample_values: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'],
      date_format: 'yyyy-mm-dd',
    });
    // Empty strings, quoted empties and blanks are missing values; "N/A" in a number column too.
    expect(schema.region).toMatchObject({ nullable: true, unique_values: 3 });
    expect(schema.quantity).toMatchObject({ type: 'integer', nullable: true, unique_values: 3 });
    expect(schema.note).toMatchObject({ nullable: true, unique_values: 1, sample_values: ['first order'] });
    expect(schema.zip).toMatchObject({
      type: 'string',
      unique_values: 3,
      sample_values: ['02134', '10001', '94105'],
    });
    // 36 cells, 5 missing (region, quantity, revenue, two notes... and one more note).
    const missing = 1 + 1 + 1 + 3;
    expect(statistics).toEqual({
      total_rows: 4,
      completeness: Math.round(((36 - missing) / 36) * 1000) / 1000,
      data_quality_score: Math.round(((36 - missing) / 36) * 1000) / 1000,
    });
  });

  it('accepts tags as a comma-separated string or a repeated field, and lists with filters', async () => {
    const csv = 'a,b\n1,2\n';
    const comma = await uploadPlatform(csv, 'comma.csv', { tags: 'ops, weekly' });
    expect(comma.body.data.tags).toEqual(['ops', 'weekly']);
    const repeated = await upload('/api/v1/data/upload')
      .attach('file', Buffer.from('{"a":1}\n{"a":2}\n'), 'events.ndjson')
      .field('tags', 'ops')
      .field('tags', 'raw');
    expect(repeated.status).toBe(201);
    expect(repeated.body.data.tags).toEqual(['ops', 'raw']);

    const ops = await request(api).get('/api/v1/data/sources?tags=ops').set(as('admin'));
    expect(ops.body.data.data_sources.map((s: { file_name: string }) => s.file_name)).toEqual([
      'events.ndjson',
      'comma.csv',
    ]);
    expect(ops.body.data.pagination).toEqual({ page: 1, limit: 20, total: 2, pages: 1 });
    const both = await request(api).get('/api/v1/data/sources?tags=ops,raw').set(as('admin'));
    expect(both.body.data.pagination.total).toBe(1);
    const ndjson = await request(api).get('/api/v1/data/sources?file_type=ndjson').set(as('admin'));
    expect(ndjson.body.data.data_sources).toHaveLength(1);
    expect(ndjson.body.data.data_sources[0]).toMatchObject({
      file_type: 'ndjson',
      rows: 2,
      columns: 1,
      tags: ['ops', 'raw'],
    });
    const future = await request(api)
      .get(
        `/api/v1/data/sources?created_after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      )
      .set(as('admin'));
    expect(future.body.data.data_sources).toEqual([]);
    const paged = await request(api).get('/api/v1/data/sources?limit=1&page=2').set(as('admin'));
    expect(paged.body.data.data_sources).toHaveLength(1);
    expect(paged.body.data.pagination).toMatchObject({ page: 2, limit: 1 });
    const bad = await request(api).get('/api/v1/data/sources?file_type=docx').set(as('admin'));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.field).toBe('file_type');
  });

  it('hides data sources from other organizations and refuses viewers uploading', async () => {
    for (const path of [`/api/v1/data/sources/${id}/schema`, `/v1/data/${id}`]) {
      const res = await request(api).get(path).set(as('stranger'));
      expect(res.status).toBe(404);
    }
    const del = await request(api).delete(`/api/v1/data/sources/${id}`).set(as('stranger'));
    expect(del.status).toBe(404);
    const list = await request(api).get('/api/v1/data/sources').set(as('stranger'));
    expect(list.body.data.data_sources).toEqual([]);
    const viewerUpload = await upload('/api/v1/data/upload', 'viewer').attach(
      'file',
      Buffer.from('a\n1\n'),
      'v.csv',
    );
    expect(viewerUpload.status).toBe(403);
    const viewerRead = await request(api).get(`/api/v1/data/sources/${id}/schema`).set(as('viewer'));
    expect(viewerRead.status).toBe(200);
  });
});

describe('formats', () => {
  async function schemaOf(res: request.Response) {
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const schema = await request(api)
      .get(`/api/v1/data/sources/${res.body.data.data_source_id}/schema`)
      .set(as('admin'));
    return schema.body.data;
  }

  it('reads TSV, semicolon CSV with a BOM, and Latin-1 text', async () => {
    const tsv = await schemaOf(
      await uploadPlatform('city\tpop\nOslo\t709000\nBergen\t291000\n', 'cities.tsv'),
    );
    expect(tsv.schema.pop.type).toBe('integer');
    const semicolon = await schemaOf(
      await uploadPlatform(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name;score\nAnn;1.5\nBob;2\n')]),
        'bom.csv',
      ),
    );
    expect(Object.keys(semicolon.schema)).toEqual(['name', 'score']);
    expect(semicolon.schema.score.type).toBe('decimal');
    const latin = await schemaOf(
      await uploadPlatform(Buffer.from('city,n\nMünchen,1\nZürich,2\n', 'latin1'), 'latin.csv'),
    );
    expect(latin.schema.city.sample_values).toEqual(['München', 'Zürich']);
  });

  it('reads JSON arrays and NDJSON, nested values as JSON text', async () => {
    const json = await schemaOf(
      await uploadPlatform(
        JSON.stringify([
          { day: '2024-05-01T10:00:00Z', n: 1, ok: true, meta: { a: 1 } },
          { day: '2024-05-02T11:30:00Z', n: 2, ok: false, meta: null },
        ]),
        'rows.json',
      ),
    );
    expect(
      Object.fromEntries(Object.entries(json.schema).map(([k, v]) => [k, (v as { type: string }).type])),
    ).toEqual({
      day: 'datetime',
      n: 'integer',
      ok: 'boolean',
      meta: 'string',
    });
    expect(json.schema.meta.sample_values).toEqual(['{"a":1}']);
  });

  it('reads the first sheet of an .xlsx by default, another with `sheet`', async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet('Orders');
    first.addRow(['order', 'placed', 'amount']);
    first.addRow(['A-1', new Date(Date.UTC(2024, 0, 15)), 12.5]);
    first.addRow(['A-2', new Date(Date.UTC(2024, 1, 20)), 7]);
    const second = workbook.addWorksheet('Targets');
    second.addRow(['region', 'target']);
    second.addRow(['North', 100]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const orders = await schemaOf(await uploadPlatform(xlsx, 'book.xlsx'));
    expect(orders.schema.placed).toMatchObject({
      type: 'datetime',
      sample_values: ['2024-01-15', '2024-02-20'],
    });
    expect(orders.schema.amount.type).toBe('decimal');
    const targets = await schemaOf(await uploadPlatform(xlsx, 'book.xlsx', { sheet: 'Targets' }));
    expect(Object.keys(targets.schema)).toEqual(['region', 'target']);
    const missing = await uploadPlatform(xlsx, 'book.xlsx', { sheet: 'Nope' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toContain('"Orders", "Targets"');
  });

  it('streams the columnar copy over gRPC, and reads Parquet uploads', async () => {
    const csv = await uploadPlatform('k,v\nx,1\ny,2\nz,3\n', 'kv.csv');
    const id = csv.body.data.data_source_id;
    const grpc = createGrpcClient(
      ingestionV1.IngestionServiceService,
      `127.0.0.1:${platform.services.ingestion?.grpcPort}`,
    );
    try {
      const users = await request(api).get('/api/v1/users').set(as('admin'));
      const org = users.body.data.users.find(
        (u: { email: string }) => u.email === TEST_ADMIN.email,
      ).organization_id;
      const described = await grpc.getDataSource({ dataSourceId: id, organizationId: org, name: '' });
      expect(described.dataSource).toMatchObject({ id, status: 'ready', rows: 3, version: `${id}.v1` });
      expect(described.dataSource?.columns.map((c) => [c.name, c.type])).toEqual([
        ['k', 'string'],
        ['v', 'integer'],
      ]);
      await expect(
        grpc.getDataSource({ dataSourceId: id, organizationId: 'org_other', name: '' }),
      ).rejects.toMatchObject({
        kind: 'not_found',
      });
      const chunks: Buffer[] = [];
      for await (const message of grpc.readDataset({ dataSourceId: id, organizationId: org }))
        chunks.push(message.chunk);
      const parquet = Buffer.concat(chunks);
      expect(parquet.length).toBe(described.dataSource?.columnarSize);
      expect(parquet.subarray(0, 4).toString()).toBe('PAR1');
      const again = await schemaOf(await uploadPlatform(parquet, 'copy.parquet'));
      expect(Object.keys(again.schema)).toEqual(['k', 'v']);
      expect(again.schema.v.type).toBe('integer');
      expect(again.statistics.total_rows).toBe(3);
    } finally {
      grpc.close();
    }
  });

  it('lets `format` override detection', async () => {
    const res = await uploadPlatform('a|b\n1|2\n', 'pipes.txt', { format: 'csv' });
    expect(res.body.data.schema).toEqual({ a: 'integer', b: 'integer' });
    const asJson = await uploadPlatform('a,b\n1,2\n', 'x.csv', { format: 'json' });
    expect(asJson.status).toBe(422);
    expect(asJson.body.error.message).toMatch(/could not be read as JSON/);
  });
});

describe('the public API v1', () => {
  let projectId = '';

  beforeAll(async () => {
    const res = await request(api).post('/v1/projects').set(as('admin')).send({ name: 'Data project' });
    projectId = res.body.id;
  });

  it('uploads into a project and shows the data source', async () => {
    const res = await upload('/v1/data/upload')
      .attach('file', Buffer.from(SALES_CSV), 'data.csv')
      .field('project_id', projectId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      project_id: projectId,
      filename: 'data.csv',
      size: Buffer.byteLength(SALES_CSV),
      rows: 4,
      status: 'ready',
    });
    expect(res.body.id).toMatch(/^ds_/);
    const got = await request(api).get(`/v1/data/${res.body.id}`).set(as('admin'));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const deleted = await request(api).delete(`/v1/data/${res.body.id}`).set(as('admin'));
    expect(deleted.body).toEqual({ success: true, message: 'Data deleted successfully' });
    expect((await request(api).get(`/v1/data/${res.body.id}`).set(as('admin'))).status).toBe(404);
  });

  it('refuses an unknown project and a missing project_id in the v1 error body', async () => {
    const before = await rawFileCount();
    const unknown = await upload('/v1/data/upload')
      .attach('file', Buffer.from('a\n1\n'), 'a.csv')
      .field('project_id', 'proj_nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'RESOURCE_NOT_FOUND', field: 'project_id' });
    const missing = await upload('/v1/data/upload').attach('file', Buffer.from('a\n1\n'), 'a.csv');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'project_id' });
    expect(await rawFileCount()).toBe(before);
  });

  it("deletes a project's data sources when the project is deleted", async () => {
    const res = await request(api).post('/v1/projects').set(as('admin')).send({ name: 'Short-lived' });
    const up = await upload('/v1/data/upload')
      .attach('file', Buffer.from('a\n1\n'), 'a.csv')
      .field('project_id', res.body.id);
    expect(up.status).toBe(201);
    expect((await request(api).delete(`/v1/projects/${res.body.id}`).set(as('admin'))).status).toBe(200);
    await eventually(async () => {
      expect((await request(api).get(`/v1/data/${up.body.id}`).set(as('admin'))).status).toBe(404);
      return true;
    }, 20_000);
    const deleted = await events.waitFor((e) => e.subject === up.body.id && e.type === 'data.deleted');
    expect(deleted[0]?.data).toMatchObject({ reason: 'project_deleted', project_id: res.body.id });
  });
});

describe('large files go to the workers', () => {
  function bigCsv(rows: number, broken?: number): string {
    const lines = ['id,when,amount,label'];
    for (let i = 1; i <= rows; i += 1) {
      lines.push(
        i === broken
          ? `${i},2024-01-01`
          : `${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${(i * 1.5).toFixed(2)},item ${i % 7}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  it('answers processing at once, then becomes ready with one data.processed event', async () => {
    const csv = bigCsv(8_000);
    expect(csv.length).toBeGreaterThan(INLINE_MAX);
    const res = await uploadPlatform(csv, 'big.csv');
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ status: 'processing', rows: null });
    const id = res.body.data.data_source_id;
    const settled = await waitUntilSettled(id);
    expect(settled).toMatchObject({ status: 'ready', rows: 8_000 });
    const schema = await request(api).get(`/api/v1/data/sources/${id}/schema`).set(as('admin'));
    expect(schema.body.data.schema.amount.type).toBe('decimal');
    const processed = await events.waitFor((e) => e.subject === id && e.type === 'data.processed');
    expect(processed).toHaveLength(1);
    expect(processed[0]?.data).toMatchObject({ rows: 8_000, columns: 4 });
  });

  it('marks a bad large file failed with the reason and the line', async () => {
    const res = await uploadPlatform(bigCsv(8_000, 4_321), 'ragged-big.csv');
    expect(res.status).toBe(202);
    const id = res.body.data.data_source_id;
    const settled = await waitUntilSettled(id);
    expect(settled.status).toBe('failed');
    expect(settled.error).toMatch(/line 4322 has 2 fields but the header has 4/);
    const failed = await events.waitFor((e) => e.subject === id && e.type === 'data.failed');
    expect(failed[0]?.data).toMatchObject({ reason: settled.error });
    const schema = await request(api).get(`/api/v1/data/sources/${id}/schema`).set(as('admin'));
    expect(schema.body.data).toMatchObject({ status: 'failed', error: settled.error });
    expect(schema.body.data.schema).toBeUndefined();
  });
});

describe('bad input', () => {
  let projectId = '';
  beforeAll(async () => {
    projectId = (await request(api).post('/v1/projects').set(as('admin')).send({ name: 'Bad files' })).body
      .id;
  });

  const cases: Array<[string, string | Buffer, string, RegExp]> = [
    ['an empty file', '', 'empty.csv', /empty.csv is empty/],
    [
      'a binary file named .csv',
      Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x20]),
      'image.csv',
      /not a text table.*NUL byte/,
    ],
    ['ragged rows', 'a,b,c\n1,2,3\n4,5,6,7\n', 'ragged.csv', /line 3 has 4 fields but the header has 3/],
    ['a header-only file', 'a,b,c\n', 'header.csv', /has a header but no data rows/],
    [
      'a 10,000-column file',
      `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 10_000 }, () => '1').join(',')}\n`,
      'wide.csv',
      /10,000 columns; at most 1,000/,
    ],
    [
      'an unparseable Excel file',
      'this is not a workbook',
      'broken.xlsx',
      /could not be read as an Excel workbook/,
    ],
    ['duplicate column names', 'id,name,Name\n1,a,b\n', 'dup.csv', /"Name" is both column 2 and column 3/],
    ['a blank column name', 'id,,name\n1,a,b\n', 'blank.csv', /Column 2 has no name/],
    [
      'an unclosed quote',
      'a,b\n1,"open\n2,3\n',
      'quote.csv',
      /line 2 opens a quoted value that is never closed/,
    ],
  ];

  for (const [what, content, name, message] of cases) {
    it(`explains ${what} in both dialects and keeps nothing`, async () => {
      const before = await rawFileCount();
      const platformRes = await uploadPlatform(content, name);
      expect(platformRes.status).toBe(422);
      expect(platformRes.body.success).toBe(false);
      expect(platformRes.body.error.code).toBe('VALIDATION_ERROR');
      expect(platformRes.body.error.message).toMatch(message);
      expect(platformRes.body.error.details.field).toBe('file');
      const v1 = await upload('/v1/data/upload')
        .attach('file', Buffer.from(content), name)
        .field('project_id', projectId);
      expect(v1.status).toBe(400);
      expect(v1.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'file' });
      expect(v1.body.error.message).toMatch(message);
      expect(await rawFileCount()).toBe(before);
    });
  }

  it('refuses a missing file field, a non-multipart body and an oversized file', async () => {
    const noFile = await upload('/api/v1/data/upload').field('data_source_name', 'x');
    expect(noFile.status).toBe(422);
    expect(noFile.body.error.details.field).toBe('file');
    const json = await upload('/api/v1/data/upload').send({ file: 'a,b' });
    expect(json.status).toBe(415);
    const before = await rawFileCount();
    const huge = await uploadPlatform(Buffer.alloc(MAX_UPLOAD + 1024, 'a'), 'huge.csv');
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(huge.body.error.message).toContain('2 MiB');
    expect(await rawFileCount()).toBe(before);
  });

  it('leaves nothing behind when an upload is cut off mid-stream', async () => {
    const before = await rawFileCount();
    const boundary = 'cutoffboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${api}/api/v1/data/upload`, {
        method: 'POST',
        headers: {
          ...as('admin'),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + 1_000_000),
        },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
      req.write(head);
      req.write('a,b\n'.repeat(50_000));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 300);
    });
    await eventually(async () => {
      expect(await rawFileCount()).toBe(before);
      expect(await db.collection('raw.chunks').countDocuments({ files_id: { $nin: await rawIds() } })).toBe(
        0,
      );
      return true;
    }, 10_000);
    const health = await request(api).get('/api/v1/data/sources').set(as('admin'));
    expect(health.status).toBe(200);
  });
});

async function rawIds() {
  return (
    await db
      .collection('raw.files')
      .find({}, { projection: { _id: 1 } })
      .toArray()
  ).map((d) => d._id);
}

describe('deletion', () => {
  it('removes the raw file, the columnar copy and the metadata, with a data.deleted event', async () => {
    const res = await uploadPlatform('a,b\n1,2\n', 'gone.csv');
    const id = res.body.data.data_source_id;
    const rawBefore = await rawFileCount();
    expect(await db.collection('columnar.files').countDocuments({ 'metadata.dataSourceId': id })).toBe(1);
    const viewer = await request(api).delete(`/api/v1/data/sources/${id}`).set(as('viewer'));
    expect(viewer.status).toBe(403);
    const del = await request(api).delete(`/api/v1/data/sources/${id}`).set(as('admin'));
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ data_source_id: id, deleted: true });
    expect(await rawFileCount()).toBe(rawBefore - 1);
    expect(await db.collection('columnar.files').countDocuments({ 'metadata.dataSourceId': id })).toBe(0);
    expect((await request(api).get(`/api/v1/data/sources/${id}/schema`).set(as('admin'))).status).toBe(404);
    expect((await request(api).delete(`/api/v1/data/sources/${id}`).set(as('admin'))).status).toBe(404);
    const types = (await events.waitFor((e) => e.subject === id, 3)).map((e) => e.type);
    expect(types).toEqual(['data.uploaded', 'data.processed', 'data.deleted']);
  });
});

describe('organization usage', () => {
  const usage = async () => {
    const res = await request(api).get(`/api/v1/organizations/${otherOrganizationId}`).set(as('stranger'));
    expect(res.status).toBe(200);
    return res.body.data.usage as { current_users: number; data_storage_gb: number; api_calls_month: number };
  };

  it('shows the data an organization stores and the API calls it made this month', async () => {
    const before = await usage();
    const rows = Array.from({ length: 2_000 }, (_, i) => `${i},item ${i},${(i * 1.5).toFixed(2)}`);
    const uploaded = await upload('/api/v1/data/upload', 'stranger').attach(
      'file',
      Buffer.from(`id,name,price\n${rows.join('\n')}\n`),
      'usage.csv',
    );
    expect(uploaded.status).toBe(201);
    const after = await usage();
    expect(after.current_users).toBe(before.current_users);
    // The raw file (≈40 KB) and its columnar copy.
    expect(after.data_storage_gb).toBeGreaterThan(before.data_storage_gb + 0.00003);
    expect(after.data_storage_gb).toBeLessThan(before.data_storage_gb + 0.001);
    // Calls are reported by the gateway within seconds: at least the upload and the first look.
    const deadline = Date.now() + 15_000;
    let calls = after.api_calls_month;
    while (calls < before.api_calls_month + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      calls = (await usage()).api_calls_month;
    }
    expect(calls).toBeGreaterThanOrEqual(before.api_calls_month + 2);
  });
});
