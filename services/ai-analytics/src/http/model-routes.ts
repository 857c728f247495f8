import { sendResult } from '@sightline/http-kit';
import { PRINCIPAL_HEADER, principalFromHeader } from '@sightline/principal';
import type { Express } from 'express';
import type { ModelRegistry } from '../use-cases/models.js';

/** `GET /api/v1/ai/models`: the models your organization may use, with measured performance. */
export function registerModelRoutes(app: Express, deps: { models: ModelRegistry; secret: string }): void {
  app.get('/api/v1/ai/models', async (req, res) => {
    const principal = principalFromHeader(req.headers[PRINCIPAL_HEADER], deps.secret);
    sendResult(req, res, { available_models: await deps.models.list(principal) });
  });
}
