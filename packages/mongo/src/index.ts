export { connectMongo, redactMongoUrl, type MongoConnectionOptions, type MongoHandle } from './connection.js';
export { isId, newId, type IdPrefix } from './ids.js';
export {
  platformPage,
  skipFor,
  v1Page,
  type PageRequest,
  type PlatformPage,
  type V1Page,
} from './pagination.js';
export { isDuplicateKeyError, toPlain, type Plain } from './repository.js';
