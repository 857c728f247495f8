import type { Plan, Role } from '@sightline/principal';

export type UserStatus = 'active' | 'invited' | 'disabled';

/** What a user may set about how Sightline looks to them. */
export interface Preferences {
  theme: 'light' | 'dark';
  language: string;
  timezone: string;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: 'light', language: 'en', timezone: 'UTC' };

/** A person who signs in, member of exactly one organization. */
export interface User {
  id: string;
  organizationId: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  role: Role;
  platformAdmin: boolean;
  status: UserStatus;
  preferences: Preferences;
  passwordHash?: string;
  invitationHash?: string;
  invitationExpiresAt?: Date;
  lastLoginAt?: Date;
  loginCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Plan limits and options an organization carries. */
export interface OrganizationSettings {
  max_users?: number;
  data_retention_days?: number;
  ai_model_access?: string[];
  /** Requests per hour per principal; the enterprise plan's quota (ARCHITECTURE §4). */
  hourly_quota?: number;
}

/** A tenant: every resource belongs to exactly one. */
export interface Organization {
  id: string;
  name: string;
  domain?: string;
  plan: Plan;
  status: 'active' | 'suspended';
  settings: OrganizationSettings;
  createdAt: Date;
}

/** Hourly request quotas per plan; enterprise reads its organization's settings. */
export const PLAN_HOURLY_QUOTA: Record<Plan, number> = {
  free: 1_000,
  professional: 10_000,
  enterprise: 100_000,
};

/** The hourly quota an organization's principals get. */
export function hourlyQuota(organization: Pick<Organization, 'plan' | 'settings'>): number {
  if (organization.plan === 'enterprise')
    return organization.settings.hourly_quota ?? PLAN_HOURLY_QUOTA.enterprise;
  return PLAN_HOURLY_QUOTA[organization.plan];
}

/** A user's display name for the v1 dialect. */
export function displayName(user: Pick<User, 'firstName' | 'lastName' | 'username'>): string {
  const full = `${user.firstName} ${user.lastName}`.trim();
  return full || user.username;
}

/** Splits a v1 `name` into first and last name. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  return space < 0
    ? { firstName: trimmed, lastName: '' }
    : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1).trim() };
}
