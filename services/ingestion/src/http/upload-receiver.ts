import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@sightline/errors';
import busboy from 'busboy';
import type { Request } from 'express';
import type { ReceivedFile } from '../use-cases/data-sources.js';
import type { FileStore } from '../store/file-store.js';

/** A multipart upload as received: its text fields and its one stored file. */
export interface ReceivedUpload {
  fields: Map<string, string[]>;
  file?: ReceivedFile;
}

export interface ReceiveOptions {
  maxBytes: number;
  spoolDirectory: string;
  files: FileStore;
}

const MAX_FIELDS = 32;
const MAX_FIELD_BYTES = 64 * 1024;

function describeBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The 413 every oversized upload gets, wherever it is noticed. */
export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    'payload_too_large',
    `The file is larger than the upload limit of ${describeBytes(maxBytes)}; split it or ask your administrator to raise MAX_UPLOAD_BYTES`,
    { field: 'file', details: { max_bytes: maxBytes } },
  );
}

/** Writes every chunk to both destinations, moving on when both took it (back-pressure from the slower). */
function fanOut(first: Writable, second: Writable): Writable {
  const write = (target: Writable, chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      target.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  const end = (target: Writable) =>
    new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.end(() => resolve());
    });
  return new Writable({
    highWaterMark: 4 * 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      Promise.all([write(first, chunk), write(second, chunk)]).then(() => callback(), callback);
    },
    final(callback) {
      Promise.all([end(first), end(second)]).then(() => callback(), callback);
    },
  });
}

/**
 * Streams a multipart upload: the `file` part goes to GridFS and to a local spool file at
 * once, never whole in memory; other parts are small text fields. Anything cut off, too
 * large or malformed leaves nothing behind.
 */
export function receiveUpload(req: Request, options: ReceiveOptions): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    return Promise.reject(
      new AppError(
        'unsupported_media_type',
        'Send the upload as multipart/form-data with the table in a "file" field',
        {
          field: 'file',
        },
      ),
    );
  }
  const declared = Number(req.headers['content-length']);
  // The form's own framing adds a little; anything far beyond the limit is refused unread.
  if (Number.isFinite(declared) && declared > options.maxBytes + MAX_FIELDS * MAX_FIELD_BYTES) {
    return Promise.reject(tooLarge(options.maxBytes));
  }
  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    let file: ReceivedFile | undefined;
    let storing: Promise<void> | undefined;
    let failure: AppError | undefined;
    const cleanups: Array<() => Promise<void>> = [];
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      Promise.all(cleanups.map((c) => c().catch(() => undefined))).finally(() => reject(error));
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: options.maxBytes, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
        defParamCharset: 'utf8',
      });
    } catch (error) {
      reject(
        new AppError('validation', `The multipart form is malformed: ${(error as Error).message}`, {
          field: 'file',
        }),
      );
      return;
    }

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) failure ??= new AppError('validation', `${name} is too long`, { field: name });
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });

    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        failure ??= new AppError('validation', `Unexpected file field "${name}"; send the table in "file"`, {
          field: name,
        });
        stream.resume();
        return;
      }
      const fileName = (info.filename ?? '').trim() || 'upload';
      const spoolPath = join(options.spoolDirectory, `${randomUUID()}.upload`);
      const raw = options.files.openRawUpload(fileName, { contentType: info.mimeType });
      const spool = createWriteStream(spoolPath);
      cleanups.push(
        async () => {
          await raw.abort().catch(() => undefined);
          await options.files.removeRaw(raw.id.toString()).catch(() => undefined);
        },
        () => rm(spoolPath, { force: true }),
      );
      let size = 0;
      let truncated = false;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on('limit', () => {
        truncated = true;
      });
      storing = pipeline(stream, fanOut(raw, spool)).then(() => {
        if (truncated) throw tooLarge(options.maxBytes);
        file = { fileName, size, rawFileId: raw.id.toString(), spoolPath };
      });
      storing.catch(fail);
    });

    parser.on('filesLimit', () => {
      failure ??= new AppError('validation', 'Send exactly one file per upload', { field: 'file' });
    });
    parser.on('fieldsLimit', () => {
      failure ??= new AppError('validation', `At most ${MAX_FIELDS} form fields are accepted`);
    });
    parser.on('error', (error: Error) => {
      fail(
        new AppError('validation', `The multipart form is malformed or was cut off: ${error.message}`, {
          field: 'file',
        }),
      );
    });
    parser.on('close', () => {
      (storing ?? Promise.resolve()).then(
        () => {
          if (settled) return;
          if (failure) return fail(failure);
          settled = true;
          resolve({ fields, ...(file ? { file } : {}) });
        },
        () => undefined,
      );
    });
    req.on('aborted', () =>
      fail(new AppError('validation', 'The upload was cut off before it finished', { field: 'file' })),
    );
    req.on('close', () => {
      if (!req.complete)
        fail(new AppError('validation', 'The upload was cut off before it finished', { field: 'file' }));
    });
    req.pipe(parser);
  });
}
