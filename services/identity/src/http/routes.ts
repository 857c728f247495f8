import type { Express } from 'express';

/**
 * Identity's public routes (auth/*, users/*, users/me, organizations/*, analytics/usage (v1), metrics/*), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerIdentityRoutes(_app: Express): void {}
