import { BlockList, isIP } from 'node:net';

/** Shorthands a deployment may list instead of ranges. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // Cluster networks: what an ingress controller or load balancer inside Kubernetes connects from.
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** How many X-Forwarded-For hops are considered at most: a longer header is a client's invention. */
const MAX_HOPS = 16;

function entriesOf(spec: string): string[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Why a TRUSTED_PROXIES value is unusable, or undefined when every entry is an address, a range or a shorthand. */
export function trustedProxiesProblem(spec: string): string | undefined {
  for (const entry of entriesOf(spec)) {
    if (NAMED_RANGES[entry]) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) {
      return `"${entry}" is not an IP address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}`;
    }
    if (prefix !== undefined) {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
        return `"${entry}" has an invalid prefix length`;
      }
    }
  }
  return undefined;
}

/** An address as the socket or a proxy wrote it, reduced to the bare IP (no port, brackets or v4-in-v6 form). */
function bareAddress(raw: string): string | undefined {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address : undefined;
}

/**
 * The proxies in front of the gateway whose X-Forwarded-For it believes (TRUSTED_PROXIES).
 * Without any, the client is the socket's peer, and a client's own X-Forwarded-For is ignored,
 * so nobody can pick the address their rate limits are counted under.
 */
export class TrustedProxies {
  private readonly ranges = new BlockList();
  private readonly empty: boolean;

  /** Parses a comma-separated list of addresses, CIDR ranges, `loopback` and `private` (checked by the config first). */
  constructor(spec: string) {
    const entries = entriesOf(spec).flatMap((entry) => NAMED_RANGES[entry] ?? [entry]);
    this.empty = entries.length === 0;
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.ranges.addAddress(address, type);
      else this.ranges.addSubnet(address, Number(prefix), type);
    }
  }

  private trusts(address: string): boolean {
    return this.ranges.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the socket's peer, or, while that peer is a trusted proxy, the address
   * it put last in X-Forwarded-For, and so on leftwards. Entries a trusted proxy did not write
   * (left of the first untrusted hop) are never read.
   */
  clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    let client = bareAddress(socketAddress ?? '') ?? 'unknown';
    if (this.empty || forwardedFor === undefined || !this.trusts(client)) return client;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
    for (let i = hops.length - 1; i >= 0 && i >= hops.length - MAX_HOPS; i -= 1) {
      const hop = bareAddress(hops[i] ?? '');
      // A malformed entry from a trusted proxy: keep the last address known to be real.
      if (!hop) return client;
      client = hop;
      if (!this.trusts(hop)) return hop;
    }
    return client;
  }
}
