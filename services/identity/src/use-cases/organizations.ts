import { AppError } from '@sightline/errors';
import { newId } from '@sightline/mongo';
import type { Plan, Principal } from '@sightline/principal';
import type { Organization, OrganizationSettings } from '../domain/model.js';
import type { IdentityStore } from '../store/identity-store.js';

/** Live usage figures of an organization. */
export interface OrganizationUsage {
  current_users: number;
  /** Raw uploads plus columnar copies, in GB (10^9 bytes); null while ingestion cannot be asked. */
  data_storage_gb: number | null;
  /** API calls the gateway admitted this calendar month (UTC), counted within seconds. */
  api_calls_month: number;
}

/** Bytes an organization's data occupies (asked of ingestion). */
export type StorageGauge = (organizationId: string) => Promise<number>;

/** The calendar month (UTC) of a moment, as YYYY-MM: the key API calls are counted under. */
export function usageMonth(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Organizations: created by platform admins, read by their members. */
export class Organizations {
  constructor(
    private readonly store: IdentityStore,
    private readonly storageOf: StorageGauge,
  ) {}

  async create(
    actor: Principal,
    input: { name: string; domain?: string; plan: Plan; settings?: OrganizationSettings },
  ): Promise<Organization> {
    if (!actor.pa) throw new AppError('forbidden', 'Only platform admins can create organizations');
    const organization: Organization = {
      id: newId('org'),
      name: input.name.trim(),
      ...(input.domain ? { domain: input.domain.toLowerCase() } : {}),
      plan: input.plan,
      status: 'active',
      settings: input.settings ?? {},
      createdAt: new Date(),
    };
    await this.store.insertOrganization(organization);
    return organization;
  }

  async get(actor: Principal, id: string): Promise<{ organization: Organization; usage: OrganizationUsage }> {
    const organization = await this.store.organizationById(id);
    if (!organization || (!actor.pa && organization.id !== actor.org)) {
      throw new AppError('not_found', `Organization ${id} not found`);
    }
    const [currentUsers, storageBytes, apiCalls] = await Promise.all([
      this.store.countUsers(id),
      this.storageOf(id).catch(() => undefined),
      this.store.apiCallsOf(id, usageMonth(new Date())),
    ]);
    const usage = {
      current_users: currentUsers,
      // Kilobyte precision, so a small organization's first upload shows.
      data_storage_gb: storageBytes === undefined ? null : Math.round(storageBytes / 1e3) / 1e6,
      api_calls_month: apiCalls,
    };
    return { organization, usage };
  }
}
