import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { type Connection, mongo } from 'mongoose';

/** GridFS chunks of 4 MiB: far fewer documents per file, which the local server writes much faster. */
const CHUNK_BYTES = 4 * 1024 * 1024;

type FileId = mongo.ObjectId;

/** Raw uploads and columnar copies, in GridFS buckets of ingestion's own database. */
export class FileStore {
  readonly raw: mongo.GridFSBucket;
  readonly columnar: mongo.GridFSBucket;

  constructor(connection: Connection) {
    const db = connection.db as mongo.Db;
    this.raw = new mongo.GridFSBucket(db, { bucketName: 'raw', chunkSizeBytes: CHUNK_BYTES });
    this.columnar = new mongo.GridFSBucket(db, { bucketName: 'columnar', chunkSizeBytes: CHUNK_BYTES });
  }

  /** Opens a raw upload for writing; `abort()` on it removes what was written. */
  openRawUpload(fileName: string, metadata: Record<string, unknown>): mongo.GridFSBucketWriteStream {
    return this.raw.openUploadStream(fileName, { metadata });
  }

  /** Copies a raw upload to a local file. */
  async downloadRaw(id: string, path: string): Promise<void> {
    await pipeline(this.raw.openDownloadStream(new mongo.ObjectId(id)), createWriteStream(path));
  }

  /** Stores a local Parquet file as a data source's columnar copy and returns its id. */
  async saveColumnar(path: string, dataSourceId: string): Promise<string> {
    const upload = this.columnar.openUploadStream(`${dataSourceId}.parquet`, { metadata: { dataSourceId } });
    await pipeline(createReadStream(path, { highWaterMark: CHUNK_BYTES }), upload);
    return upload.id.toString();
  }

  /** The columnar copy as a stream of chunks. */
  readColumnar(id: string): Readable {
    return this.columnar.openDownloadStream(new mongo.ObjectId(id));
  }

  /** Removes columnar copies a failed or repeated processing attempt left for a data source. */
  async removeColumnarOf(dataSourceId: string, keep?: string): Promise<void> {
    const files = await this.columnar.find({ 'metadata.dataSourceId': dataSourceId }).toArray();
    for (const file of files) {
      if (file._id.toString() !== keep) await this.deleteQuietly(this.columnar, file._id);
    }
  }

  async removeRaw(id: string): Promise<void> {
    await this.deleteQuietly(this.raw, new mongo.ObjectId(id));
  }

  async removeColumnar(id: string): Promise<void> {
    await this.deleteQuietly(this.columnar, new mongo.ObjectId(id));
  }

  /** Deleting what is already gone is fine: deletions are retried after crashes. */
  private async deleteQuietly(bucket: mongo.GridFSBucket, id: FileId): Promise<void> {
    try {
      await bucket.delete(id);
    } catch (error) {
      if (!(error instanceof mongo.MongoRuntimeError) || !/not found/i.test(error.message)) throw error;
    }
  }
}
