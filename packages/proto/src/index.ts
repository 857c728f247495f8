// Generated gRPC contracts, one namespace per versioned proto package.
export * as commonV1 from './gen/sightline/common/v1/common.js';
export * as identityV1 from './gen/sightline/identity/v1/identity.js';
export * as catalogV1 from './gen/sightline/catalog/v1/catalog.js';
export * as ingestionV1 from './gen/sightline/ingestion/v1/ingestion.js';
export * as aiAnalyticsV1 from './gen/sightline/aianalytics/v1/aianalytics.js';
export * as exportV1 from './gen/sightline/export/v1/export.js';
export * as notificationsV1 from './gen/sightline/notifications/v1/notifications.js';
