import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent } from 'undici';

/**
 * The ipaddr.js ranges we connect to without `--allow-private`. An allow
 * list, not a deny list: every other range (loopback, private, link-local,
 * unique-local, unspecified, multicast, broadcast, carrier-grade NAT,
 * reserved, and the IPv6 ranges that embed or tunnel an IPv4 address such as
 * NAT64, 6to4 and Teredo) may reach something inside the user's network.
 */
const PUBLIC_RANGES: ReadonlySet<string> = new Set([
  // globally routable unicast: the only range a news site lives in
  'unicast',
]);

/**
 * The ipaddr.js range of an address when we refuse to connect to it
 * (`loopback`, `private`, `linkLocal`...), or null when it is public. An
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged as the IPv4 address
 * it maps. A string that is no IP address is refused as `invalid`.
 */
export function forbiddenRange(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return 'invalid';
  const range = ipaddr.process(bare).range();
  return PUBLIC_RANGES.has(range) ? null : range;
}

/** Whether a URL hostname is an IP literal (`127.0.0.1`, `[::1]`), which connects without any lookup. */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ''));
}

/** Raised at connection time when a host resolves to an address we refuse. */
export class ForbiddenAddressError extends Error {
  readonly code = 'DOSSIER_FORBIDDEN_ADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(host === address ? address : `${host} resolves to ${address}`);
    this.name = 'ForbiddenAddressError';
  }
}

/** The resolver `guardedLookup` asks: node:dns `lookup` with `all: true`. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * A `lookup` for `net.connect` that resolves a host and refuses it when any of
 * its addresses is not public. The check runs on the very addresses the socket
 * then connects to, so a DNS answer that changes between a check and the
 * connection (DNS rebinding) cannot slip through.
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.find((a) => forbiddenRange(a.address) !== null);
      if (bad) return callback(new ForbiddenAddressError(hostname, bad.address), '', 0);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** What an HTTP agent is built from. */
export interface AgentOptions {
  /** Skip the address guard. */
  allowPrivate: boolean;
  /** Connection timeout, in milliseconds. */
  timeoutMs: number;
  /** The resolver behind the address guard (tests simulate DNS rebinding with it). */
  resolve?: Resolver;
}

const agents = new Map<string, Agent>();

/**
 * The undici agent for these options, made once and shared so connections to
 * one origin are reused across a run. Idle sockets do not keep the process alive.
 */
export function agentFor(options: AgentOptions): Agent {
  if (options.resolve) return makeAgent(options);
  const key = `${options.allowPrivate}:${options.timeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = makeAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

function makeAgent(options: AgentOptions): Agent {
  return new Agent({
    connect: {
      timeout: options.timeoutMs,
      ...(options.allowPrivate ? {} : { lookup: guardedLookup(options.resolve) }),
    },
  });
}

/** Status codes that carry a `Location` to follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
