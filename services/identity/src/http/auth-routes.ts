import { AppError } from '@sightline/errors';
import { sendResult, validate } from '@sightline/http-kit';
import type { Express } from 'express';
import { z } from 'zod';
import type { Authentication, TokenPair } from '../use-cases/auth.js';
import type { ApiKeys } from '../use-cases/api-keys.js';
import type { Users } from '../use-cases/users.js';
import { announceRevoked, principalOf } from './principal.js';
import { apiKeyView } from './views.js';

const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});
const acceptBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(256) });
const apiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  expires_at: z.string().datetime().optional(),
});

function tokenAnswer(pair: TokenPair, withUser: boolean) {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: 'bearer',
    expires_in: pair.expiresIn,
    ...(withUser
      ? {
          user: {
            id: pair.user.id,
            email: pair.user.email,
            username: pair.user.username,
            role: pair.user.role,
          },
        }
      : {}),
  };
}

function bearer(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1])
    throw new AppError('unauthenticated', 'Send the refresh token as Authorization: Bearer <token>');
  return match[1];
}

/** `/api/v1/auth/*`: login, refresh, logout, accept-invite and API keys (platform dialect). */
export function registerAuthRoutes(
  app: Express,
  deps: { auth: Authentication; apiKeys: ApiKeys; users: Users; secret: string },
): void {
  app.post('/api/v1/auth/login', async (req, res) => {
    const body = validate(loginBody, req.body);
    sendResult(req, res, tokenAnswer(await deps.auth.login(body.email, body.password), true), {
      message: 'Login successful',
    });
  });

  app.post('/api/v1/auth/refresh', async (req, res) => {
    const pair = await deps.auth.refresh(bearer(req.headers.authorization), (revoked) =>
      announceRevoked(res, revoked),
    );
    sendResult(req, res, tokenAnswer(pair, false));
  });

  app.post('/api/v1/auth/logout', async (req, res) => {
    announceRevoked(res, await deps.auth.logout(principalOf(req, deps.secret)));
    sendResult(req, res, { logged_out: true }, { message: 'Logged out' });
  });

  app.post('/api/v1/auth/accept-invite', async (req, res) => {
    const body = validate(acceptBody, req.body);
    const user = await deps.users.acceptInvitation(body.token, body.password);
    sendResult(
      req,
      res,
      { user_id: user.id, email: user.email, status: user.status },
      { message: 'Invitation accepted' },
    );
  });

  app.post('/api/v1/auth/api-keys', async (req, res) => {
    const principal = principalOf(req, deps.secret);
    const body = validate(apiKeyBody, req.body);
    const { record, key } = await deps.apiKeys.create(
      principal,
      body.name,
      body.expires_at ? new Date(body.expires_at) : undefined,
    );
    sendResult(
      req,
      res,
      { ...apiKeyView(record), key },
      { status: 201, message: 'Store this key now: it is not shown again' },
    );
  });

  app.get('/api/v1/auth/api-keys', async (req, res) => {
    const keys = await deps.apiKeys.list(principalOf(req, deps.secret));
    sendResult(req, res, { api_keys: keys.map(apiKeyView) });
  });

  app.delete('/api/v1/auth/api-keys/:id', async (req, res) => {
    await deps.apiKeys.revoke(principalOf(req, deps.secret), String(req.params.id));
    sendResult(req, res, { id: req.params.id, revoked: true }, { message: 'API key revoked' });
  });
}
