import { describe, expect, it } from 'vitest';
import { TrustedProxies, trustedProxiesProblem } from '../../src/http/client-address.js';

describe('TrustedProxies', () => {
  it('takes the socket’s peer when no proxy is trusted, whatever the client claims', () => {
    const none = new TrustedProxies('');
    expect(none.clientAddress('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
    expect(none.clientAddress('::ffff:198.51.100.4', undefined)).toBe('198.51.100.4');
    expect(none.clientAddress(undefined, '203.0.113.9')).toBe('unknown');
  });

  it('believes the last X-Forwarded-For entry a trusted proxy wrote, never the ones a client sent before it', () => {
    const ingress = new TrustedProxies('10.0.0.0/8');
    // The client forged "1.1.1.1"; the ingress (10.1.2.3) appended the client's real address.
    expect(ingress.clientAddress('10.1.2.3', '1.1.1.1, 203.0.113.9')).toBe('203.0.113.9');
    // Two trusted hops (load balancer, then ingress) are walked past.
    expect(ingress.clientAddress('10.1.2.3', ['1.1.1.1, 203.0.113.9', '10.9.9.9'])).toBe('203.0.113.9');
    // A peer that is not trusted is the client, even with a header.
    expect(ingress.clientAddress('198.51.100.4', '203.0.113.9')).toBe('198.51.100.4');
    // Trusted peer without a header: the peer itself.
    expect(ingress.clientAddress('10.1.2.3', undefined)).toBe('10.1.2.3');
  });

  it('reads ports, brackets and IPv6, and stops at a malformed entry', () => {
    const proxies = new TrustedProxies('loopback, private');
    expect(proxies.clientAddress('127.0.0.1', '203.0.113.9:51234')).toBe('203.0.113.9');
    expect(proxies.clientAddress('::1', '[2001:db8::7]:443')).toBe('2001:db8::7');
    expect(proxies.clientAddress('::ffff:127.0.0.1', 'fd00::5, 2001:db8::8')).toBe('2001:db8::8');
    expect(proxies.clientAddress('127.0.0.1', 'not-an-address')).toBe('127.0.0.1');
    expect(proxies.clientAddress('127.0.0.1', '203.0.113.9, garbage')).toBe('127.0.0.1');
  });

  it('answers the leftmost hop when every hop is trusted', () => {
    expect(new TrustedProxies('private').clientAddress('10.0.0.1', '192.168.1.5, 10.0.0.2')).toBe(
      '192.168.1.5',
    );
  });

  it('explains entries that are not addresses or ranges', () => {
    expect(trustedProxiesProblem('')).toBeUndefined();
    expect(trustedProxiesProblem('10.0.0.0/8, 127.0.0.1, ::1, fd00::/8, private, loopback')).toBeUndefined();
    expect(trustedProxiesProblem('ingress')).toMatch(/"ingress" is not an IP address/);
    expect(trustedProxiesProblem('10.0.0.0/33')).toMatch(/invalid prefix/);
    expect(trustedProxiesProblem('10.0.0.0/8/1')).toMatch(/not an IP address/);
    expect(trustedProxiesProblem('::/129')).toMatch(/invalid prefix/);
  });
});
