import { AppError } from '@sightline/errors';
import { newId } from '@sightline/mongo';
import type { Plan, Principal } from '@sightline/principal';
import type { Organization, OrganizationSettings } from '../domain/model.js';
import type { IdentityStore } from '../store/identity-store.js';

/** Live usage figures of an organization, as far as identity knows them today. */
export interface OrganizationUsage {
  current_users: number;
  data_storage_gb: number;
  api_calls_month: number;
}

/** Organizations: created by platform admins, read by their members. */
export class Organizations {
  constructor(private readonly store: IdentityStore) {}

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
    // Storage and API calls are counted by ingestion and the gateway in later issues.
    const usage = { current_users: await this.store.countUsers(id), data_storage_gb: 0, api_calls_month: 0 };
    return { organization, usage };
  }
}
