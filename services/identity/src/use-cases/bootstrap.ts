import { type Logger } from '@sightline/logging';
import { newId } from '@sightline/mongo';
import { DEFAULT_PREFERENCES } from '../domain/model.js';
import { generatePassword, hashPassword, passwordProblem } from '../domain/passwords.js';
import type { IdentityStore } from '../store/identity-store.js';

export interface BootstrapOptions {
  email: string;
  password?: string;
  organizationName: string;
}

/**
 * Makes the first platform admin and its organization (plan enterprise) once. When no password
 * is configured one is generated and printed once to the console (never to the logs).
 */
export async function bootstrapAdmin(
  store: IdentityStore,
  options: BootstrapOptions,
  logger: Logger,
): Promise<void> {
  const email = options.email.toLowerCase();
  if (await store.userByEmail(email)) return;
  if (options.password !== undefined) {
    const problem = passwordProblem(options.password);
    if (problem) throw new Error(`SIGHTLINE_ADMIN_PASSWORD ${problem}`);
  }
  let organization = await store.organizationByName(options.organizationName);
  if (!organization) {
    organization = {
      id: newId('org'),
      name: options.organizationName,
      plan: 'enterprise',
      status: 'active',
      settings: {},
      createdAt: new Date(),
    };
    await store.insertOrganization(organization).catch(async () => undefined);
    organization = (await store.organizationByName(options.organizationName)) ?? organization;
  }
  const password = options.password ?? generatePassword();
  const now = new Date();
  try {
    await store.insertUser(
      {
        id: newId('user'),
        organizationId: organization.id,
        email,
        username: email.split('@')[0] ?? 'admin',
        firstName: 'Platform',
        lastName: 'Admin',
        role: 'admin',
        platformAdmin: true,
        status: 'active',
        preferences: { ...DEFAULT_PREFERENCES },
        passwordHash: await hashPassword(password),
        loginCount: 0,
        createdAt: now,
        updatedAt: now,
      },
      [],
    );
  } catch {
    return; // another replica made it first
  }
  logger.info({ email, organization: organization.id }, 'platform admin created');
  if (options.password === undefined) {
    process.stdout.write(
      `\nSightline platform admin: ${email}\nGenerated password (shown once): ${password}\n\n`,
    );
  }
}
