/**
 * Table of base-URL values as they appear in configuration, including every
 * evasion in shared/reference/llm-domain.md §6. Each row states only what it
 * checks; add a row to add a case. Endpoint rows are also checked against
 * invariants every endpoint must satisfy.
 */

import type { EndpointProblem, HostKind } from "../../src/model/canonical";
import { isLikelyUrl, normalizeEndpoint, unresolvedReason, type NormalizeResult } from "../../src/normalize/endpoint";

interface Case {
  name: string;
  raw: string;
  /** Defaults to KNOWN_HOSTS. */
  knownHosts?: string[];
  defaultScheme?: "https" | "http";
  expect: {
    /** When set, normalizeEndpoint is checked. */
    kind?: NormalizeResult["kind"];
    host?: string;
    port?: number | null;
    path?: string;
    url?: string;
    scheme?: string;
    registrableDomain?: string | null;
    hostKind?: HostKind;
    /** Must all be present. */
    problems?: EndpointProblem[];
    /** Must all be absent. */
    absentProblems?: EndpointProblem[];
    alternateHosts?: string[];
    lookalikeOf?: string | null;
    /** Substring of the unresolved or invalid reason. */
    reason?: string;
    /** Exact result of unresolvedReason(raw). */
    unresolvedReason?: string | null;
    /** Exact result of isLikelyUrl(raw). */
    likelyUrl?: boolean;
  };
}

const KNOWN_HOSTS = ["api.deepseek.com", "api.openai.com", "api.minimax.io", "api.minimaxi.com", "api.moonshot.cn"];

const ALL_PROBLEMS: EndpointProblem[] = [
  "userinfo",
  "backslash",
  "mixed-script",
  "non-ascii",
  "percent-encoded-host",
  "ip-literal",
  "missing-scheme",
  "whitespace",
];

const cases: Case[] = [
  // --- §6 table -----------------------------------------------------------
  {
    name: "uppercase host is lowercased",
    raw: "https://API.DeepSeek.COM/v1",
    expect: {
      kind: "endpoint",
      host: "api.deepseek.com",
      url: "https://api.deepseek.com/v1",
      scheme: "https",
      port: null,
      path: "/v1",
      registrableDomain: "deepseek.com",
      hostKind: "dns",
      absentProblems: ALL_PROBLEMS,
      alternateHosts: [],
      lookalikeOf: null,
      unresolvedReason: null,
      likelyUrl: true,
    },
  },
  {
    name: "trailing dot is stripped",
    raw: "https://api.deepseek.com./v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", registrableDomain: "deepseek.com", path: "/v1" },
  },
  {
    name: "several trailing dots are stripped",
    raw: "https://api.deepseek.com../v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", url: "https://api.deepseek.com/v1" },
  },
  {
    name: "default port 443 is dropped",
    raw: "https://api.deepseek.com:443/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", port: null, url: "https://api.deepseek.com/v1" },
  },
  {
    name: "explicit port 8443 is kept but does not change the host",
    raw: "https://api.deepseek.com:8443/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", port: 8443, url: "https://api.deepseek.com:8443/v1" },
  },
  {
    name: "userinfo naming another host: the host is after @",
    raw: "https://api.openai.com@api.deepseek.com/v1",
    expect: {
      kind: "endpoint",
      host: "api.deepseek.com",
      url: "https://api.deepseek.com/v1",
      registrableDomain: "deepseek.com",
      problems: ["userinfo"],
      alternateHosts: [],
    },
  },
  {
    name: "credentials in userinfo never reach the url",
    raw: "https://user:sk-secret@api.deepseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", url: "https://api.deepseek.com/v1", problems: ["userinfo"] },
  },
  {
    name: "several @: the last one ends the userinfo",
    raw: "https://a@api.openai.com@api.deepseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["userinfo"], alternateHosts: [] },
  },
  {
    name: "backslash before @: WHATWG reads api.openai.com, Python reads api.deepseek.com",
    raw: "https://api.openai.com\\@api.deepseek.com",
    expect: {
      kind: "endpoint",
      host: "api.openai.com",
      registrableDomain: "openai.com",
      problems: ["backslash", "userinfo"],
      alternateHosts: ["api.deepseek.com"],
    },
  },
  {
    name: "fragment trick: #@ does not move the host",
    raw: "https://api.openai.com#@api.deepseek.com",
    expect: {
      kind: "endpoint",
      host: "api.openai.com",
      path: "/",
      url: "https://api.openai.com/",
      alternateHosts: [],
      absentProblems: ["userinfo"],
    },
  },
  {
    name: "query trick: ?@ does not move the host",
    raw: "https://api.openai.com?@api.deepseek.com",
    expect: { kind: "endpoint", host: "api.openai.com", url: "https://api.openai.com/", alternateHosts: [] },
  },
  {
    name: "ideographic full stop U+3002",
    raw: "https://api.deepseek\u3002com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", registrableDomain: "deepseek.com", problems: ["non-ascii"] },
  },
  {
    name: "fullwidth full stop U+FF0E",
    raw: "https://api.deepseek\uff0ecom/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["non-ascii"] },
  },
  {
    name: "halfwidth ideographic full stop U+FF61",
    raw: "https://api\uff61deepseek\uff61com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["non-ascii"] },
  },
  {
    name: "fullwidth letters",
    raw: "https://\uff41\uff50\uff49.deepseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["non-ascii"], absentProblems: ["mixed-script"] },
  },
  {
    name: "fullwidth uppercase letters",
    raw: "https://\uff21\uff30\uff29.DEEPSEEK.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["non-ascii"] },
  },
  {
    name: "percent-encoded host is decoded",
    raw: "https://api.deep%73eek.com/v1",
    expect: {
      kind: "endpoint",
      host: "api.deepseek.com",
      registrableDomain: "deepseek.com",
      problems: ["percent-encoded-host"],
      alternateHosts: [],
    },
  },
  {
    name: "backslashes as slashes",
    raw: "https:\\\\api.deepseek.com\\v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", path: "/v1", problems: ["backslash"], alternateHosts: [] },
  },
  {
    name: "backslash only in the path",
    raw: "https://api.deepseek.com\\v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", path: "/v1", problems: ["backslash"], alternateHosts: [] },
  },
  {
    name: "scheme without // is WHATWG-valid",
    raw: "https:api.deepseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", path: "/v1", url: "https://api.deepseek.com/v1" },
  },
  {
    name: "tab inside the host",
    raw: "https://api.deep\tseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["whitespace"] },
  },
  {
    name: "newline inside the host",
    raw: "https://api.deep\r\nseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["whitespace"] },
  },
  {
    name: "leading and trailing spaces",
    raw: "  https://api.deepseek.com/v1 \n",
    expect: { kind: "endpoint", host: "api.deepseek.com", url: "https://api.deepseek.com/v1", problems: ["whitespace"] },
  },
  {
    name: "leading and trailing Unicode spaces",
    raw: "\u3000\u00a0https://api.deepseek.com/v1\u200b\ufeff",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["whitespace"] },
  },
  {
    name: "zero-width space inside the host is ignored by UTS-46",
    raw: "https://api.deep\u200bseek.com/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", problems: ["non-ascii"] },
  },
  {
    name: "homoglyph: Cyrillic е in deepseek",
    raw: "https://api.d\u0435\u0435pseek.com",
    expect: {
      kind: "endpoint",
      host: "api.xn--dpseek-3ofa.com",
      registrableDomain: "xn--dpseek-3ofa.com",
      hostKind: "dns",
      problems: ["mixed-script", "non-ascii"],
      lookalikeOf: "api.deepseek.com",
    },
  },
  {
    name: "homoglyph written as punycode",
    raw: "https://api.xn--dpseek-3ofa.com/v1",
    expect: {
      kind: "endpoint",
      host: "api.xn--dpseek-3ofa.com",
      problems: ["mixed-script"],
      absentProblems: ["non-ascii"],
      lookalikeOf: "api.deepseek.com",
    },
  },
  {
    name: "homoglyph without a catalogue has no lookalike",
    raw: "https://api.d\u0435\u0435pseek.com",
    knownHosts: [],
    expect: { kind: "endpoint", host: "api.xn--dpseek-3ofa.com", problems: ["mixed-script"], lookalikeOf: null },
  },
  {
    name: "homoglyph: Greek omicron in openai",
    raw: "https://api.\u03bfpenai.com/v1",
    expect: { kind: "endpoint", host: "api.xn--penai-qce.com", problems: ["mixed-script"], lookalikeOf: "api.openai.com" },
  },
  {
    name: "homoglyph: whole label in Cyrillic is a lookalike but not mixed within the label",
    raw: "https://api.\u0501\u0435\u0435\u0440\u0455\u0435\u0435\u043a.com",
    expect: { kind: "endpoint", problems: ["non-ascii"], absentProblems: ["mixed-script"], lookalikeOf: "api.deepseek.com" },
  },
  {
    name: "legitimate IDN is neither mixed-script nor a lookalike",
    raw: "https://m\u00fcnchen.de/api",
    expect: {
      kind: "endpoint",
      host: "xn--mnchen-3ya.de",
      registrableDomain: "xn--mnchen-3ya.de",
      problems: ["non-ascii"],
      absentProblems: ["mixed-script"],
      lookalikeOf: null,
    },
  },
  {
    name: "IPv4 as one decimal number",
    raw: "http://2130706433/",
    expect: {
      kind: "endpoint",
      host: "127.0.0.1",
      hostKind: "ipv4",
      registrableDomain: null,
      problems: ["ip-literal"],
      url: "http://127.0.0.1/",
    },
  },
  {
    name: "IPv4 in hex with a short form",
    raw: "http://0x7f.1/",
    expect: { kind: "endpoint", host: "127.0.0.1", hostKind: "ipv4", problems: ["ip-literal"] },
  },
  {
    name: "IPv4 in octal",
    raw: "http://0177.0.0.1/",
    expect: { kind: "endpoint", host: "127.0.0.1", hostKind: "ipv4", problems: ["ip-literal"] },
  },
  {
    // The mapped address is the IPv4 address: it must fall in the same internal networks.
    name: "IPv4-mapped IPv6",
    raw: "http://[::ffff:127.0.0.1]/",
    expect: {
      kind: "endpoint",
      host: "127.0.0.1",
      hostKind: "ipv4",
      registrableDomain: null,
      problems: ["ip-literal"],
      alternateHosts: [],
    },
  },
  {
    name: "IPv6 with port and trailing slash",
    raw: "http://[::1]:8000/v1/",
    expect: { kind: "endpoint", host: "[::1]", port: 8000, path: "/v1", url: "http://[::1]:8000/v1", hostKind: "ipv6" },
  },

  // --- §6 other cases: missing scheme and host-only fields ---------------
  {
    name: "no scheme",
    raw: "api.deepseek.com/v1",
    expect: {
      kind: "endpoint",
      host: "api.deepseek.com",
      url: "https://api.deepseek.com/v1",
      problems: ["missing-scheme"],
      likelyUrl: true,
    },
  },
  {
    name: "scheme-relative",
    raw: "//api.deepseek.com",
    expect: { kind: "endpoint", host: "api.deepseek.com", path: "/", scheme: "https", problems: ["missing-scheme"], likelyUrl: true },
  },
  {
    name: "no scheme with port",
    raw: "api.deepseek.com:8443/v1",
    expect: { kind: "endpoint", host: "api.deepseek.com", port: 8443, problems: ["missing-scheme"], likelyUrl: true },
  },
  {
    name: "no scheme with defaultScheme http",
    raw: "api.deepseek.com",
    defaultScheme: "http",
    expect: { kind: "endpoint", scheme: "http", url: "http://api.deepseek.com/", problems: ["missing-scheme"] },
  },
  {
    name: "host-only field (TC3 endpoint)",
    raw: "hunyuan.intl.tencentcloudapi.com",
    expect: {
      kind: "endpoint",
      host: "hunyuan.intl.tencentcloudapi.com",
      registrableDomain: "tencentcloudapi.com",
      hostKind: "dns",
      likelyUrl: true,
    },
  },
  {
    name: "host-only localhost with port",
    raw: "localhost:11434",
    expect: { kind: "endpoint", host: "localhost", port: 11434, hostKind: "localhost", registrableDomain: null },
  },

  // --- §6 other cases: registrable-domain confusion ----------------------
  {
    name: "deepseek as a subdomain of a third party",
    raw: "https://deepseek.alayanew.com/v1",
    expect: { kind: "endpoint", host: "deepseek.alayanew.com", registrableDomain: "alayanew.com", lookalikeOf: null },
  },
  {
    name: "deepseek inside another registrable domain",
    raw: "deepseekapi.dev",
    expect: { kind: "endpoint", host: "deepseekapi.dev", registrableDomain: "deepseekapi.dev", likelyUrl: true },
  },
  {
    name: "kimi-k2.ai is its own domain",
    raw: "https://kimi-k2.ai/v1",
    expect: { kind: "endpoint", registrableDomain: "kimi-k2.ai" },
  },
  {
    name: "minimaxm2.io is its own domain",
    raw: "https://minimaxm2.io/v1",
    expect: { kind: "endpoint", registrableDomain: "minimaxm2.io" },
  },
  {
    name: "zai.gr.com is not z.ai (gr.com is a private suffix, ignored)",
    raw: "https://zai.gr.com/v1",
    expect: { kind: "endpoint", host: "zai.gr.com", registrableDomain: "gr.com" },
  },
  {
    name: "api.minimaxi.com (China) is not a lookalike of api.minimax.io",
    raw: "https://api.minimaxi.com/v1",
    expect: { kind: "endpoint", host: "api.minimaxi.com", registrableDomain: "minimaxi.com", lookalikeOf: null },
  },
  {
    name: "api.minimax.io (international)",
    raw: "https://api.minimax.io/anthropic",
    expect: { kind: "endpoint", host: "api.minimax.io", registrableDomain: "minimax.io", path: "/anthropic", lookalikeOf: null },
  },
  {
    name: "protocol-compatible redirection keeps the path",
    raw: "https://api.kimi.com/coding/",
    expect: { kind: "endpoint", host: "api.kimi.com", path: "/coding", url: "https://api.kimi.com/coding" },
  },
  {
    name: "query and fragment are dropped",
    raw: "https://open.bigmodel.cn/api/paas/v4?x=1#y",
    expect: { kind: "endpoint", url: "https://open.bigmodel.cn/api/paas/v4", registrableDomain: "bigmodel.cn" },
  },
  {
    name: "WebSocket endpoint",
    raw: "wss://spark-api.xf-yun.com/v3.5/chat",
    expect: { kind: "endpoint", scheme: "wss", host: "spark-api.xf-yun.com", registrableDomain: "xf-yun.com", port: null },
  },

  // --- host kinds --------------------------------------------------------
  {
    name: "single-label service name",
    raw: "http://vllm:8000/v1/",
    expect: { kind: "endpoint", host: "vllm", port: 8000, path: "/v1", hostKind: "cluster", registrableDomain: null },
  },
  {
    name: "service.namespace with a non-TLD namespace",
    raw: "http://vllm.default:8000/v1",
    expect: { kind: "endpoint", host: "vllm.default", hostKind: "cluster", registrableDomain: null },
  },
  {
    name: "service.namespace whose namespace is a real TLD is public DNS",
    raw: "http://vllm.ml/v1",
    expect: { kind: "endpoint", host: "vllm.ml", hostKind: "dns", registrableDomain: "vllm.ml" },
  },
  {
    name: "*.svc",
    raw: "http://vllm.ml.svc:8000/v1",
    expect: { kind: "endpoint", host: "vllm.ml.svc", hostKind: "cluster", registrableDomain: null },
  },
  {
    name: "*.svc.cluster.local",
    raw: "http://vllm.inference.svc.cluster.local:8000/v1",
    expect: { kind: "endpoint", hostKind: "cluster", registrableDomain: null, likelyUrl: true },
  },
  {
    name: "Docker's host.docker.internal is a special-use private name",
    raw: "http://host.docker.internal:11434/v1",
    expect: { kind: "endpoint", host: "host.docker.internal", port: 11434, hostKind: "private", registrableDomain: null },
  },
  {
    name: "gateway.docker.internal, written in upper case",
    raw: "http://GATEWAY.Docker.Internal:8000",
    expect: { kind: "endpoint", host: "gateway.docker.internal", hostKind: "private", registrableDomain: null },
  },
  {
    name: "an mDNS .local name is private, not a Service in namespace local",
    raw: "http://gpu-box.local:8080/v1",
    expect: { kind: "endpoint", host: "gpu-box.local", hostKind: "private", registrableDomain: null },
  },
  {
    name: "*.home.arpa (RFC 8375) is private",
    raw: "https://llm.lab.home.arpa/v1",
    expect: { kind: "endpoint", host: "llm.lab.home.arpa", hostKind: "private", registrableDomain: null },
  },
  {
    name: "a public name that merely contains internal stays public DNS",
    raw: "https://internal.example.com/v1",
    expect: { kind: "endpoint", host: "internal.example.com", hostKind: "dns", registrableDomain: "example.com" },
  },
  {
    name: "localhost",
    raw: "http://localhost:3000/v1",
    expect: { kind: "endpoint", host: "localhost", port: 3000, hostKind: "localhost", registrableDomain: null },
  },
  {
    name: "*.localhost",
    raw: "http://ollama.localhost:11434",
    expect: { kind: "endpoint", hostKind: "localhost", registrableDomain: null },
  },

  // --- indirection -------------------------------------------------------
  {
    name: "${VAR}",
    raw: "${LLM_BASE}",
    expect: { kind: "unresolved", unresolvedReason: "environment reference ${LLM_BASE}", likelyUrl: false },
  },
  {
    name: "${VAR:-default}",
    raw: "${LLM_BASE:-https://api.deepseek.com}",
    expect: { kind: "unresolved", unresolvedReason: "environment reference ${LLM_BASE:-https://api.deepseek.com}" },
  },
  {
    name: "$VAR with a path",
    raw: "$LLM_BASE/v1",
    expect: { kind: "unresolved", unresolvedReason: "environment reference $LLM_BASE" },
  },
  {
    name: "Kubernetes $(VAR)",
    raw: "$(LLM_BASE)/v1",
    expect: { kind: "unresolved", unresolvedReason: "Kubernetes variable reference $(LLM_BASE)" },
  },
  {
    name: "LiteLLM os.environ/VAR",
    raw: "os.environ/DEEPSEEK_API_BASE",
    expect: { kind: "unresolved", unresolvedReason: "LiteLLM environment reference os.environ/DEEPSEEK_API_BASE", likelyUrl: false },
  },
  {
    name: "decK env",
    raw: '${{ env "DECK_LLM_URL" }}',
    expect: { kind: "unresolved", unresolvedReason: 'decK environment reference ${{ env "DECK_LLM_URL" }}' },
  },
  {
    name: "Helm template",
    raw: "{{ .Values.llm.baseUrl }}",
    expect: { kind: "unresolved", unresolvedReason: "template expression {{ .Values.llm.baseUrl }}" },
  },
  {
    name: "Helm template in the host",
    raw: "https://{{ .Values.llm.host }}/v1",
    expect: { kind: "unresolved", unresolvedReason: "template expression {{ .Values.llm.host }}", likelyUrl: true },
  },
  {
    name: "${VAR} in the host",
    raw: "https://${LLM_HOST}/v1",
    expect: { kind: "unresolved", unresolvedReason: "environment reference ${LLM_HOST}", likelyUrl: true },
  },
  {
    name: "${VAR} in one label of the host",
    raw: "https://api.${REGION}.example.com/v1",
    expect: { kind: "unresolved", unresolvedReason: "environment reference ${REGION}" },
  },
  {
    name: "Terraform-style ${var.x}",
    raw: "${var.llm_base_url}",
    expect: { kind: "unresolved", unresolvedReason: "variable reference ${var.llm_base_url}" },
  },
  {
    name: "empty value",
    raw: "",
    expect: { kind: "unresolved", unresolvedReason: "empty value", likelyUrl: false },
  },
  {
    name: "whitespace-only value",
    raw: " \t\u3000",
    expect: { kind: "unresolved", unresolvedReason: "empty value", likelyUrl: false },
  },
  {
    name: "indirection only in the path keeps the endpoint",
    raw: "https://api.deepseek.com/${PATH}",
    expect: { kind: "endpoint", host: "api.deepseek.com", registrableDomain: "deepseek.com", unresolvedReason: null },
  },
  {
    name: "indirection only in the userinfo keeps the endpoint",
    raw: "https://$(USER):$(PASS)@api.deepseek.com/v1",
    expect: {
      kind: "endpoint",
      host: "api.deepseek.com",
      url: "https://api.deepseek.com/v1",
      problems: ["userinfo"],
      unresolvedReason: null,
    },
  },
  {
    name: "indirection only in the query keeps the endpoint",
    raw: "https://api.deepseek.com/v1?key=$API_KEY",
    expect: { kind: "endpoint", host: "api.deepseek.com", url: "https://api.deepseek.com/v1", unresolvedReason: null },
  },
  {
    name: "plain URL has no indirection",
    raw: "https://api.deepseek.com/v1",
    expect: { unresolvedReason: null, likelyUrl: true },
  },

  // --- invalid -----------------------------------------------------------
  { name: "words", raw: "not a url", expect: { kind: "invalid", reason: "whitespace", likelyUrl: false } },
  { name: "scheme only", raw: "http://", expect: { kind: "invalid", reason: "no host", likelyUrl: false } },
  { name: "space in host", raw: "https://exa mple.com", expect: { kind: "invalid", reason: "exa mple.com", likelyUrl: false } },
  {
    name: "ideographic space in host",
    raw: "https://api.deep\u3000seek.com/v1",
    expect: { kind: "invalid", reason: "whitespace" },
  },
  { name: "ftp scheme", raw: "ftp://files.example.com/x", expect: { kind: "invalid", reason: '"ftp:"', likelyUrl: false } },
  { name: "file URL", raw: "file:///etc/passwd", expect: { kind: "invalid", reason: '"file:"' } },
  { name: "hf:// weight reference", raw: "hf://deepseek-ai/DeepSeek-V3", expect: { kind: "invalid", reason: '"hf:"' } },
  { name: "absolute path", raw: "/models/deepseek", expect: { kind: "invalid", reason: "path", likelyUrl: false } },
  { name: "port out of range", raw: "https://api.deepseek.com:99999/v1", expect: { kind: "invalid", reason: "99999" } },
  { name: "non-numeric port", raw: "https://api.deepseek.com:abc/v1", expect: { kind: "invalid", reason: "port" } },
  { name: "out-of-range IPv4", raw: "https://256.1.1.1/", expect: { kind: "invalid", reason: "IPv4" } },
  { name: "broken punycode", raw: "https://xn--a.com/", expect: { kind: "invalid", reason: "xn--a.com" } },

  // --- isLikelyUrl only ----------------------------------------------------
  { name: "likely: bare domain", raw: "api.deepseek.com", expect: { likelyUrl: true } },
  { name: "likely: two-label domain", raw: "z.ai", expect: { likelyUrl: true } },
  { name: "likely: IPv4 with port", raw: "10.0.0.5:8000", expect: { likelyUrl: true } },
  { name: "likely: IPv6 with port and path", raw: "[::1]:8080/v1", expect: { likelyUrl: true } },
  { name: "likely: http URL", raw: "http://vllm:8000/v1", expect: { likelyUrl: true } },
  { name: "likely: uppercase scheme", raw: "HTTPS://API.DEEPSEEK.COM", expect: { likelyUrl: true } },
  { name: "likely: homoglyph without scheme", raw: "api.d\u0435\u0435pseek.com/v1", expect: { likelyUrl: true } },
  { name: "likely: ideographic dots without scheme", raw: "api.deepseek\u3002com", expect: { likelyUrl: true } },
  { name: "likely: percent-encoded host without scheme", raw: "api.deep%73eek.com/v1", expect: { likelyUrl: true } },
  { name: "not likely: model id", raw: "deepseek-chat", expect: { likelyUrl: false } },
  { name: "not likely: hub repo id", raw: "deepseek-ai/DeepSeek-V3", expect: { likelyUrl: false } },
  { name: "not likely: dotted model name", raw: "gpt-4.1", expect: { likelyUrl: false } },
  { name: "not likely: number", raw: "8080", expect: { likelyUrl: false } },
  { name: "not likely: decimal", raw: "3.14", expect: { likelyUrl: false } },
  { name: "not likely: version", raw: "1.2.3", expect: { likelyUrl: false } },
  { name: "not likely: boolean", raw: "true", expect: { likelyUrl: false } },
  { name: "not likely: absolute file path", raw: "/etc/ssl/certs/ca.pem", expect: { likelyUrl: false } },
  { name: "not likely: relative file path", raw: "./config.yaml", expect: { likelyUrl: false } },
  { name: "not likely: Windows path", raw: "C:\\models\\deepseek", expect: { likelyUrl: false } },
  { name: "not likely: file name with a TLD-like extension", raw: "main.py", expect: { likelyUrl: false } },
  { name: "not likely: README.md", raw: "README.md", expect: { likelyUrl: false } },
  { name: "not likely: yaml file name", raw: "config.yaml", expect: { likelyUrl: false } },
  { name: "not likely: JSON", raw: '{"base_url":"https://api.deepseek.com"}', expect: { likelyUrl: false } },
  { name: "not likely: base64 of a URL", raw: "aHR0cHM6Ly9hcGkuZGVlcHNlZWsuY29tL3Yx", expect: { likelyUrl: false } },
  { name: "not likely: base64 with padding", raw: "c2stMTIzNDU2Nzg5MGFiY2RlZg==", expect: { likelyUrl: false } },
  { name: "not likely: email", raw: "ops@example.com", expect: { likelyUrl: false } },
  { name: "not likely: API key", raw: "sk-or-v1-0123456789abcdef", expect: { likelyUrl: false } },
  { name: "not likely: single-label host:port", raw: "redis:6379", expect: { likelyUrl: false } },
  // WHATWG reads these as https://api.deepseek.com for special schemes; a neutral name holding one is a URL.
  { name: "likely: one slash after the scheme", raw: "https:/api.deepseek.com/v1", expect: { likelyUrl: true, kind: "endpoint", host: "api.deepseek.com" } },
  { name: "likely: no slash after the scheme", raw: "https:api.deepseek.com", expect: { likelyUrl: true, kind: "endpoint", host: "api.deepseek.com" } },
  {
    name: "likely: backslashes after the scheme",
    raw: "https:\\api.deepseek.com\\v1",
    expect: { likelyUrl: true, kind: "endpoint", host: "api.deepseek.com" },
  },
  { name: "likely: uppercase wss with one slash", raw: "WSS:/api.deepseek.com/v1", expect: { likelyUrl: true, kind: "endpoint", host: "api.deepseek.com" } },
  { name: "likely: tab inside the host", raw: "https://api.deep\tseek.com/v1", expect: { likelyUrl: true } },
  { name: "likely: newline inside the host", raw: "https://api.deep\nseek.com/v1", expect: { likelyUrl: true } },
  { name: "not likely: scheme and nothing else", raw: "https:/", expect: { likelyUrl: false } },
  { name: "not likely: words with a tab", raw: "not\ta url", expect: { likelyUrl: false } },

  // --- shell command substitution ------------------------------------------
  {
    name: "command substitution as the whole value",
    raw: "$(cat /etc/llm/url)",
    expect: { kind: "unresolved", unresolvedReason: "shell command substitution $(cat /etc/llm/url) is only known at run time", likelyUrl: false },
  },
  {
    name: "backtick command substitution",
    raw: "`cat /etc/llm/url`",
    expect: { kind: "unresolved", unresolvedReason: "shell command substitution `cat /etc/llm/url` is only known at run time" },
  },
  {
    name: "unterminated command substitution",
    raw: "$(cat /etc/llm/url",
    expect: { kind: "unresolved", unresolvedReason: "unterminated shell command substitution $(cat /etc/llm/url: the value is not known before deploy" },
  },
  {
    name: "command substitution in the host",
    raw: "https://$(cat /etc/llm/host)/v1",
    expect: { kind: "unresolved", reason: "shell command substitution $(cat /etc/llm/host)" },
  },
  {
    name: "command substitution only in the query keeps the endpoint",
    raw: "https://api.deepseek.com/v1?ts=$(date +%s)",
    expect: { kind: "endpoint", host: "api.deepseek.com", unresolvedReason: null },
  },
  {
    name: "command substitution inside a default is the ${...} it is in",
    raw: "${LLM_URL:-$(cat /etc/url)}",
    expect: { kind: "unresolved", unresolvedReason: "environment reference ${LLM_URL:-$(cat /etc/url)}" },
  },
  {
    name: "a Kubernetes $(VAR) reference is no command substitution",
    raw: "$(LLM_HOST)/v1",
    expect: { kind: "unresolved", unresolvedReason: "Kubernetes variable reference $(LLM_HOST)" },
  },
];

function knownSet(c: Case): ReadonlySet<string> {
  return new Set(c.knownHosts ?? KNOWN_HOSTS);
}

it.each(cases)("$name", (c) => {
  const want = c.expect;
  if (want.likelyUrl !== undefined) expect(isLikelyUrl(c.raw)).toBe(want.likelyUrl);
  if (want.unresolvedReason !== undefined) expect(unresolvedReason(c.raw)).toBe(want.unresolvedReason);
  if (want.kind === undefined) return;

  const result = normalizeEndpoint(c.raw, { knownHosts: knownSet(c), defaultScheme: c.defaultScheme ?? "https" });
  expect(result.kind).toBe(want.kind);

  if (result.kind === "invalid") {
    if (want.reason !== undefined) expect(result.reason).toContain(want.reason);
    return;
  }
  if (result.kind === "unresolved") {
    expect(result.unresolved.raw).toBe(c.raw);
    expect(result.unresolved.reason).toBe(unresolvedReason(c.raw));
    if (want.reason !== undefined) expect(result.unresolved.reason).toContain(want.reason);
    return;
  }

  const e = result.endpoint;
  // Invariants of every endpoint.
  expect(e.raw).toBe(c.raw);
  expect(e.host).toMatch(/^[!-~]+$/);
  expect(e.host).toBe(e.host.toLowerCase());
  expect(e.host.endsWith(".")).toBe(false);
  expect(e.url).toBe(`${e.scheme}://${e.host}${e.port !== null ? `:${e.port}` : ""}${e.path}`);
  const reparsed = new URL(e.url);
  expect(reparsed.username).toBe("");
  expect(reparsed.password).toBe("");
  expect(reparsed.search).toBe("");
  expect(reparsed.hash).toBe("");
  expect(reparsed.hostname).toBe(e.host);
  expect(e.alternateHosts).not.toContain(e.host);
  expect(new Set(e.problems).size).toBe(e.problems.length);

  if (want.host !== undefined) expect(e.host).toBe(want.host);
  if (want.port !== undefined) expect(e.port).toBe(want.port);
  if (want.path !== undefined) expect(e.path).toBe(want.path);
  if (want.url !== undefined) expect(e.url).toBe(want.url);
  if (want.scheme !== undefined) expect(e.scheme).toBe(want.scheme);
  if (want.registrableDomain !== undefined) expect(e.registrableDomain).toBe(want.registrableDomain);
  if (want.hostKind !== undefined) expect(e.hostKind).toBe(want.hostKind);
  if (want.problems !== undefined) expect(e.problems).toEqual(expect.arrayContaining(want.problems));
  for (const p of want.absentProblems ?? []) expect(e.problems).not.toContain(p);
  if (want.alternateHosts !== undefined) expect(e.alternateHosts).toEqual(want.alternateHosts);
  if (want.lookalikeOf !== undefined) expect(e.lookalikeOf).toBe(want.lookalikeOf);
  if (want.reason !== undefined) throw new Error("reason applies only to unresolved and invalid results");
});
