import { isolate, testLogger } from '@sightline/testing';
import request from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseIdentityConfig } from '../../src/config.js';
import { startIdentity } from '../../src/service.js';

const iso = isolate('identity_bootstrap');
afterAll(() => iso.cleanup());

async function startCapturingStdout() {
  const printed: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  try {
    const service = await startIdentity(
      parseIdentityConfig(iso.serviceEnv({ SIGHTLINE_ADMIN_EMAIL: 'first@boot.test' })),
      testLogger('identity'),
    );
    return { service, printed: printed.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('first platform admin', () => {
  it('is created once with a generated password printed once, never again on restart', async () => {
    const first = await startCapturingStdout();
    const match = /Generated password \(shown once\): (\S+)/.exec(first.printed);
    expect(match?.[1]).toBeTruthy();
    const password = match?.[1] as string;
    // Direct to identity (no gateway here): login is public, so no principal is needed.
    const login = await request(`http://127.0.0.1:${first.service.httpPort}`)
      .post('/api/v1/auth/login')
      .set('x-api-dialect', 'platform')
      .send({ email: 'first@boot.test', password });
    expect(login.status).toBe(200);
    expect(login.body.data.user.role).toBe('admin');
    await first.service.stop();

    const second = await startCapturingStdout();
    expect(second.printed).not.toContain('Generated password');
    await second.service.stop();
  });
});
