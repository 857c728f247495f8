import type { Express } from 'express';

/**
 * Export's public routes (export/*, the signed chart page), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerExportRoutes(_app: Express): void {}
