/** How a value holding several URLs is split (src/normalize/pieces.ts): lists, pairs, query strings. */
import { urlListParts, urlPieces, withoutKey } from "../../src/normalize/pieces";
import { withoutHostWhitespace } from "../../src/normalize/endpoint";

const LISTS: Array<[string, string[] | null]> = [
  ["https://a.example.com/v1|https://api.deepseek.com/v1", ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  ["https://a.example.com/v1 ; https://api.deepseek.com/v1", ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  ["primary=https://a.example.com/v1,fallback=https://api.deepseek.com/v1", ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  ["primary:https://a.example.com/v1,backup:api.deepseek.com", ["https://a.example.com/v1", "api.deepseek.com"]],
  ["https://a.example.com/v1\nhttps://api.deepseek.com/v1\n", ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  // whitespace alone separates only URLs with a scheme: these are one (broken) URL each
  ["https://api.deep seek.com/v1", null],
  ["https://api.deep\tseek.com/v1", null],
  ["api.openai.com api.deepseek.com", null],
  ["https://api.deepseek.com/v1", null],
  ['"https://a.example.com/v1","https://api.deepseek.com/v1"', ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  ["mode=fast;retries=3", null],
  ["a:1,b:2", null],
];

it.each(LISTS)("urlListParts(%j)", (raw, parts) => {
  expect(urlListParts(raw)).toEqual(parts);
});

const PIECES: Array<[string, string[]]> = [
  ["x=1&url=https://api.deepseek.com/v1", ["1", "https://api.deepseek.com/v1"]],
  ["https://proxy.example.com/?target=https://api.deepseek.com", ["https://proxy.example.com/", "https://api.deepseek.com"]],
  ["a.enabled=true;llm.endpoint=https:/api.deepseek.com/v1", ["true", "https:/api.deepseek.com/v1"]],
  ["'https://a.example.com/v1' <https://api.deepseek.com/v1>", ["https://a.example.com/v1", "https://api.deepseek.com/v1"]],
  ["target=https%3A%2F%2Fapi.deepseek.com%2Fv1", ["https%3A%2F%2Fapi.deepseek.com%2Fv1", "https://api.deepseek.com/v1"]],
  ["bad=https%3A%E0%A4%A", ["https%3A%E0%A4%A"]],
];

it.each(PIECES)("urlPieces(%j)", (raw, pieces) => {
  expect(urlPieces(raw)).toEqual(pieces);
});

it.each([
  ["primary=https://a/v1", "https://a/v1"],
  ["primary:https://a/v1", "https://a/v1"],
  ["https:api.deepseek.com", "https:api.deepseek.com"],
  ["https://a/v1", "https://a/v1"],
  ["backup:api.deepseek.com", "api.deepseek.com"],
  ["redis:6379", "redis:6379"],
  ["postgres://db/x", "postgres://db/x"],
  ["C:\\models", "C:\\models"],
])("withoutKey(%j)", (part, expected) => {
  expect(withoutKey(part)).toBe(expected);
});

it.each([
  ["https://api.deep seek.com/v1", "https://api.deepseek.com/v1"],
  ["https:// api.deepseek.com", "https://api.deepseek.com"],
  ["https://api.deepseek.com/v1 extra", null],
  ["api.deep seek.com", null],
])("withoutHostWhitespace(%j)", (raw, expected) => {
  expect(withoutHostWhitespace(raw)).toBe(expected);
});
