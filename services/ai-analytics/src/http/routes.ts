import type { Express } from 'express';

/**
 * AiAnalytics's public routes (analytics/chart(s)/*, ai/*), under both base paths. None exist yet: every
 * request answers the dialect's 404 until the feature issue that owns them lands.
 */
export function registerAiAnalyticsRoutes(_app: Express): void {}
