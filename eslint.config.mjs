// Typed lint for src/, scripts/ and test/ (`npm run lint`, a step of `npm test`); formatting is prettier's.
//
// typescript-eslint's recommendedTypeChecked (no-floating-promises, no-misused-promises, await-thenable,
// no-unnecessary-type-assertion, no-explicit-any, the no-unsafe-* family, ...) plus a few strict rules
// that catch real bugs here. Left out on purpose, measured on this code base: no-unnecessary-condition
// (~60 reports, mostly the defensive checks on hostile input that fail-closed parsing needs),
// strict-boolean-expressions (~130), no-non-null-assertion (~260) and prefer-nullish-coalescing (5, each a
// deliberate `||` where "" or false must fall through), which fire on sound code.
// One program for every file (tsconfig.eslint.json) keeps a full run near 25 s of CPU.
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: [
      "dist/",
      "build/",
      "coverage/",
      ".tools/",
      "node_modules/",
      "packs/modelgate/dist/",
      "demo/",
      "examples/",
      "test/**/cases/",
      "test/**/fixtures/",
      "**/*.generated.ts",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["src/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: "./tsconfig.eslint.json", tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/require-array-sort-compare": ["error", { ignoreStringArrays: true }],
      "@typescript-eslint/prefer-optional-chain": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Tests read JSON.parse'd reports (typed any) and let expect() check their shape at run time.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["scripts/**/*.mjs", "test/**/*.js", "bin/**/*.js", "*.js", "*.mjs"],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { process: "readonly", require: "readonly", module: "writable", __dirname: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
