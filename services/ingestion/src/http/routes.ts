import type { Express } from 'express';

/**
 * Ingestion's public routes (data/upload, data/{id}, data/sources/*), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerIngestionRoutes(_app: Express): void {}
