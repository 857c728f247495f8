import type { Express } from 'express';

/**
 * Catalog's public routes (projects/*, dashboards/*, search), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerCatalogRoutes(_app: Express): void {}
