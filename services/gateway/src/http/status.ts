import { isoTimestamp } from '@sightline/errors';
import type { HealthChecker } from '@sightline/grpc-kit';
import { sendResult } from '@sightline/http-kit';
import type { Express } from 'express';
import type { UpstreamAddress } from '../config.js';
import type { UpstreamName } from '../domain/route-table.js';

export interface StatusOptions {
  version: string;
  upstreams: Record<UpstreamName, UpstreamAddress>;
  health: HealthChecker;
  healthTimeoutMs: number;
}

/**
 * `GET /v1/status` (and the platform twin): the reference's `status`, `version`, `timestamp`,
 * plus each service's state from its gRPC health. Needs no credentials.
 */
export function registerStatusRoutes(app: Express, options: StatusOptions): void {
  app.get(['/v1/status', '/api/v1/status'], async (req, res) => {
    const states = await Promise.all(
      Object.entries(options.upstreams).map(async ([name, address]) => {
        const state = await options.health.check(address.grpcAddress, options.healthTimeoutMs);
        return [name, state === 'SERVING' ? 'operational' : 'unavailable'] as const;
      }),
    );
    const allUp = states.every(([, state]) => state === 'operational');
    res.setHeader('Cache-Control', 'no-store');
    sendResult(req, res, {
      status: allUp ? 'operational' : 'degraded',
      version: options.version,
      timestamp: isoTimestamp(new Date()),
      services: Object.fromEntries(states),
    });
  });
}
