import { isoTimestamp } from '@sightline/errors';
import type { Organization, User } from '../domain/model.js';
import { displayName } from '../domain/model.js';
import type { ApiKeyRecord } from '../store/identity-store.js';
import type { OrganizationUsage } from '../use-cases/organizations.js';

const iso = (date: Date | undefined) => (date ? isoTimestamp(date) : null);

/** A user in the platform dialect (docs/contracts.md). */
export function userView(user: User, organization: Organization, detail = false) {
  return {
    user_id: user.id,
    email: user.email,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    role: user.role,
    organization: organization.name,
    organization_id: organization.id,
    status: user.status,
    created_at: iso(user.createdAt),
    ...(detail
      ? {
          preferences: user.preferences,
          // Charts and usage time are counted by ai-analytics and the gateway in later issues.
          statistics: {
            charts_created: null,
            last_login: iso(user.lastLoginAt),
            login_count: user.loginCount,
            total_usage_time: null,
          },
        }
      : {}),
  };
}

/** The current user in the v1 dialect (GET /v1/users/me). */
export function meView(user: User, organization: Organization) {
  return {
    id: user.id,
    email: user.email,
    name: displayName(user),
    created_at: iso(user.createdAt),
    plan: organization.plan,
  };
}

export function organizationView(organization: Organization, usage?: OrganizationUsage) {
  return {
    organization_id: organization.id,
    name: organization.name,
    domain: organization.domain ?? null,
    plan: organization.plan,
    status: organization.status,
    created_at: iso(organization.createdAt),
    settings: organization.settings,
    ...(usage ? { usage } : {}),
  };
}

export function apiKeyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    created_at: iso(key.createdAt),
    last_used_at: iso(key.lastUsedAt),
    expires_at: iso(key.expiresAt),
  };
}
