/**
 * Classifies a WHATWG-normalised host and finds its registrable domain, so that
 * rules can tell public operators from in-cluster servers and compare eTLD+1
 * instead of substrings.
 */

import { getDomain, parse } from "tldts";
import type { HostKind } from "../model/canonical";

// WHATWG prints every IPv4 form (2130706433, 0x7f.1, 0177.0.0.1) as a dotted quad.
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

const CLUSTER_SUFFIXES = [".svc", ".svc.cluster.local", ".cluster.local"];

/**
 * Special-use names no public resolver answers, so only the machine or the site network can:
 * `.internal` (reserved by ICANN for private use, 2024; Docker's host.docker.internal and
 * gateway.docker.internal, cloud VPC names), `.local` (mDNS, RFC 6762) and `.home.arpa` (RFC 8375).
 */
const PRIVATE_SUFFIXES = ["internal", "local", "home.arpa"];

/** Private suffixes (github.io, ...) are ignored: the rules care about who owns the name in ICANN terms. */
const TLDTS_OPTIONS = { allowPrivateDomains: false } as const;

/** `host` must already be lowercase ASCII without a trailing dot. */
export function classifyHost(host: string): HostKind {
  if (host.startsWith("[")) return "ipv6";
  if (DOTTED_QUAD.test(host)) return "ipv4";
  if (host === "localhost" || host.endsWith(".localhost")) return "localhost";
  if (CLUSTER_SUFFIXES.some((suffix) => host.endsWith(suffix))) return "cluster";
  if (PRIVATE_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return "private";
  if (isClusterName(host)) return "cluster";
  return "dns";
}

function isClusterName(host: string): boolean {
  const labels = host.split(".");
  if (labels.length === 1) return true;
  if (CLUSTER_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
  // `<service>.<namespace>` resolves inside a cluster, but `vllm.ml` or `z.ai` are
  // public names: only a last label the ICANN list does not know makes it a namespace.
  return labels.length === 2 && !parse(host, TLDTS_OPTIONS).isIcann;
}

export function registrableDomainOf(host: string, kind: HostKind): string | null {
  return kind === "dns" ? getDomain(host, TLDTS_OPTIONS) : null;
}

/** True when the last label is an ICANN TLD and something sits in front of the public suffix. */
export function hasPublicSuffix(host: string): boolean {
  const info = parse(host, TLDTS_OPTIONS);
  return info.isIcann === true && info.domain !== null;
}
