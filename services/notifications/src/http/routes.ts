import type { Express } from 'express';

/**
 * Notifications's public routes (webhooks/*), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerNotificationsRoutes(_app: Express): void {}
