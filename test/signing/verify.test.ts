/**
 * Signed bundles: opa signs (`opa build --signing-key`), modelgate verifies in Node before loading,
 * and every kind of tampering is refused with an error naming the file.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadVerifiedBundle, verificationSettings } from "../../src/bundle/load";
import { MAX_EXPANDED_BYTES, readTarEntries, writeTarGz } from "../../src/bundle/tar";
import { allBundleFiles, readBundle } from "../../src/bundle/read";
import { bundleFileDigest } from "../../src/signing/hash";
import { signCompact } from "../../src/signing/jws";
import { loadSigningKey } from "../../src/signing/keys";
import { signBundleFiles } from "../../src/signing/sign";
import { SignatureError, verifyBundleFiles } from "../../src/signing/verify";
import { runOpa } from "../../src/tools/opa";
import { buildExamplePack, keyPair, tempDir, type KeyFiles } from "../bundle/pack-helpers";

jest.setTimeout(120_000);

let work: string;
let ec: KeyFiles;
let rsa: KeyFiles;
let other: KeyFiles;
let signed: string;
let files: Map<string, Buffer>;

function entries(file: string): Map<string, Buffer> {
  return new Map(readTarEntries(readFileSync(file)).map((e) => [e.name, e.body]));
}

function repack(name: string, contents: Map<string, Buffer>): string {
  const file = path.join(work, name);
  writeFileSync(file, writeTarGz(contents));
  return file;
}

function refusal(file: string, key = ec.publicKey, keyId?: string): string {
  try {
    loadVerifiedBundle(file, { verificationKey: key, ...(keyId ? { keyId } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureError);
    return (error as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

beforeAll(() => {
  work = tempDir();
  ec = keyPair(work, "ec");
  rsa = keyPair(work, "rsa");
  other = keyPair(work, "ec", "other");
  signed = path.join(work, "acme.tar.gz");
  buildExamplePack(signed, { key: ec.privateKey, keyId: "acme-2026" });
  files = entries(signed);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a bundle signed by opa", () => {
  it("verifies and loads, naming algorithm, key id and every file", () => {
    const bundle = loadVerifiedBundle(signed, { verificationKey: ec.publicKey, keyId: "acme-2026" });
    expect(bundle.revision).toMatch(/^1\.0\.0\+[0-9a-f]{12}$/);
    expect(bundle.signature).toMatchObject({ algorithm: "ES256", keyId: "acme-2026" });
    expect(bundle.signature!.files).toEqual([...files.keys()].filter((n) => n !== ".signatures.json").sort());
    expect(bundle.signature!.files).toEqual(
      expect.arrayContaining(["policy.wasm", "data.json", ".manifest", "org/classification/require_workload_owner/require_workload_owner.rego"]),
    );
  });

  it("verifies with RS256 keys too", () => {
    const file = path.join(work, "rsa.tar.gz");
    buildExamplePack(file, { key: rsa.privateKey, algorithm: "RS256" });
    expect(loadVerifiedBundle(file, { verificationKey: rsa.publicKey }).signature).toMatchObject({ algorithm: "RS256", keyId: "default" });
    expect(refusal(file, ec.publicKey)).toMatch(/signed with "RS256", but the verification key is for ES256/);
  });

  it.each([...Array.from({ length: 40 }, (_, i) => i)])("refuses the bundle when file #%i is altered", (i) => {
    const names = [...files.keys()].filter((n) => n !== ".signatures.json").sort();
    if (i >= names.length) return;
    const name = names[i];
    const tampered = new Map(files);
    const body = files.get(name)!;
    tampered.set(
      name,
      name.endsWith(".json") || name === ".manifest"
        ? Buffer.from(
            body
              .toString("utf8")
              .replace(/"revision":"/, '"revision":"x')
              .replace(/"CN"/, '"XX"'),
          )
        : Buffer.concat([body, Buffer.from("\n")]),
    );
    expect(tampered.get(name)!.equals(body)).toBe(false);
    const message = refusal(repack(`tampered-${i}.tar.gz`, tampered));
    expect(message).toContain(`${name} was modified after signing`);
  });

  it("tampers with fewer than 40 files (the table above covers them all)", () => {
    expect(files.size - 1).toBeLessThanOrEqual(40);
  });

  it("accepts data.json and .manifest re-serialised with the same JSON values (OPA hashes values, not bytes)", () => {
    const reformatted = new Map(files);
    for (const name of ["data.json", ".manifest"]) reformatted.set(name, Buffer.from(JSON.stringify(JSON.parse(files.get(name)!.toString("utf8")), null, 3)));
    expect(() => loadVerifiedBundle(repack("reformatted.tar.gz", reformatted), { verificationKey: ec.publicKey })).not.toThrow();
  });

  it("refuses an altered signature file", () => {
    const token = JSON.parse(files.get(".signatures.json")!.toString("utf8")).signatures[0] as string;
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
    payload.files = payload.files.filter((f: { name: string }) => f.name !== "data.json");
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
    const tampered = new Map(files).set(".signatures.json", Buffer.from(JSON.stringify({ signatures: [forged] })));
    expect(refusal(repack("forged.tar.gz", tampered))).toMatch(/signature does not match the verification key/);
  });

  it("refuses a file added after signing, naming it", () => {
    const extra = new Map(files).set("org/backdoor.rego", Buffer.from("package modelgate.rules.input.backdoor\n"));
    expect(refusal(repack("extra.tar.gz", extra))).toContain("org/backdoor.rego is not covered by the signature");
  });

  it("refuses a signed file that was removed", () => {
    const missing = new Map(files);
    missing.delete("org/classification/require_workload_owner/require_workload_owner.rego");
    expect(refusal(repack("missing.tar.gz", missing))).toContain("require_workload_owner.rego is signed but missing from the bundle");
  });

  it("refuses an unsigned bundle when a key is configured, and loads it when none is", () => {
    const unsigned = new Map(files);
    unsigned.delete(".signatures.json");
    const file = repack("unsigned.tar.gz", unsigned);
    expect(refusal(file)).toContain("is not signed (it has no .signatures.json), but a verification key is configured");
    expect(readBundle(file).revision).toMatch(/^1\.0\.0\+/);
  });

  it("refuses a bundle signed with another key, or another key id", () => {
    expect(refusal(signed, other.publicKey)).toMatch(/signature does not match the verification key/);
    expect(refusal(signed, ec.publicKey, "someone-else")).toContain('signed with key id "acme-2026", expected "someone-else"');
  });

  it("refuses a bundle re-signed by someone else's key, even with the right file hashes", () => {
    const resigned = new Map(files);
    resigned.delete(".signatures.json");
    resigned.set(".signatures.json", signBundleFiles(resigned, { signingKey: other.privateKey, keyId: "acme-2026" }));
    expect(refusal(repack("resigned.tar.gz", resigned))).toMatch(/signature does not match/);
  });

  it.each([
    ["none", { alg: "none" }],
    ["HS256 with the public key as secret", { alg: "HS256" }],
  ])("refuses a token that picks its own algorithm (%s)", (_name, header) => {
    const payload = { files: [] };
    const forged = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.`;
    const tampered = new Map(files).set(".signatures.json", Buffer.from(JSON.stringify({ signatures: [forged] })));
    expect(refusal(repack(`alg-${header.alg}.tar.gz`, tampered))).toMatch(/but the verification key is for ES256/);
  });

  it("refuses a tarball holding a file twice (a signed copy and a substitute)", () => {
    const wasm = files.get("policy.wasm")!;
    const tar = readTarEntries(readFileSync(signed));
    const dup = path.join(work, "dup.tar.gz");
    writeFileSync(dup, writeTarGz([...tar.map((e) => [e.name, e.body] as const), ["policy.wasm", Buffer.concat([wasm, Buffer.from([0])])]]));
    expect(refusal(dup)).toContain("holds policy.wasm twice");
  });

  it("verifies an extracted bundle directory and refuses extra files or links in it", () => {
    const dir = path.join(work, "extracted");
    for (const [name, body] of files) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), body);
    }
    expect(loadVerifiedBundle(dir, { verificationKey: ec.publicKey }).signature?.keyId).toBe("acme-2026");
    writeFileSync(path.join(dir, "notes.txt"), "hello");
    expect(refusal(dir)).toContain("notes.txt is not covered by the signature");
    rmSync(path.join(dir, "notes.txt"));
    symlinkSync(path.join(dir, "data.json"), path.join(dir, "link.json"));
    expect(refusal(dir)).toContain("link.json is a symbolic link");
  });

  it("reads MODELGATE_VERIFICATION_KEY as a path or as PEM text", () => {
    const saved = process.env.MODELGATE_VERIFICATION_KEY;
    try {
      process.env.MODELGATE_VERIFICATION_KEY = ec.publicKey;
      expect(loadVerifiedBundle(signed).signature?.algorithm).toBe("ES256");
      process.env.MODELGATE_VERIFICATION_KEY = readFileSync(other.publicKey, "utf8");
      expect(() => loadVerifiedBundle(signed)).toThrow(SignatureError);
    } finally {
      if (saved === undefined) delete process.env.MODELGATE_VERIFICATION_KEY;
      else process.env.MODELGATE_VERIFICATION_KEY = saved;
    }
  });
});

describe("modelgate's signer and OPA's verifier agree", () => {
  it("opa accepts a bundle signed here and refuses it once altered", () => {
    const resigned = new Map(files);
    resigned.delete(".signatures.json");
    resigned.set(".signatures.json", signBundleFiles(resigned, { signingKey: rsa.privateKey, keyId: "js" }));
    const file = repack("js-signed.tar.gz", resigned);
    const verify = (bundle: string) =>
      runOpa([
        "build",
        "-b",
        bundle,
        "--verification-key",
        rsa.publicKey,
        "--verification-key-id",
        "js",
        "--signing-alg",
        "RS256",
        "-o",
        path.join(work, "opa-out.tar.gz"),
      ]);
    expect(verify(file).status).toBe(0);
    const altered = new Map(resigned).set("main.rego", Buffer.concat([resigned.get("main.rego")!, Buffer.from("\n# altered\n")]));
    const result = verify(repack("js-altered.tar.gz", altered));
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/main\.rego: digest mismatch/);
  });

  it("hashes JSON the way opa does: number literals, key order, escapes and non-ASCII text", () => {
    const dir = path.join(work, "tricky");
    mkdirSync(dir, { recursive: true });
    const data =
      '{"z": 1, "a": [1.0, 1e-7, -0, 0.1, 12345678901234567890], "é": "line\\nbreak \\u2028 \\t \\u0001 \\"q\\" \\\\ <>&", "emoji": "\\ud83d\\ude00 😀", "nested": {"b": null, "a": true}}';
    writeFileSync(path.join(dir, "data.json"), data);
    writeFileSync(path.join(dir, "p.rego"), "package tricky\n\nx := data.z\n");
    writeFileSync(path.join(dir, ".manifest"), JSON.stringify({ metadata: { modelgate: { expires: "2999-12-31" } } }));
    const out = path.join(work, "tricky.tar.gz");
    const build = runOpa(["build", "-b", ".", "--signing-key", ec.privateKey, "--signing-alg", "ES256", "-o", out], { cwd: dir });
    expect(build.status).toBe(0);
    const contents = allBundleFiles(out);
    expect(verifyBundleFiles(contents, out, { verificationKey: ec.publicKey }).files).toEqual(expect.arrayContaining(["data.json", "p.rego"]));
  });

  it("signs compact JWS that node:crypto verifies for both algorithms", () => {
    for (const keys of [ec, rsa]) {
      const key = loadSigningKey(keys.privateKey);
      const manifest = Buffer.from(JSON.stringify({ revision: "1.0.0", metadata: { modelgate: { expires: "2999-12-31" } } }));
      const listed = [{ name: ".manifest", hash: bundleFileDigest(".manifest", manifest), algorithm: "SHA-256" }];
      const token = signCompact({ kid: "k" }, { files: listed }, key.key, key.algorithm);
      const sig = new Map([
        [".signatures.json", Buffer.from(JSON.stringify({ signatures: [token] }))],
        [".manifest", manifest],
      ]);
      expect(verifyBundleFiles(sig, "mem", { verificationKey: keys.publicKey }).keyId).toBe("k");
    }
  });
});

/**
 * Rollback: a signature proves who built a pack, not that it is current. Each row re-signs the
 * example pack with its .manifest changed (`expires`, `revision`), then verifies with `options`.
 */
/** The parts of a pack's .manifest and data.json these tests change. */
interface PackManifest {
  revision?: string;
  metadata: { modelgate: { expires?: string } };
}
interface BundleData {
  modelgate: { policy?: unknown; catalog: { providers?: unknown }; index?: unknown };
}

describe("an older signed pack is refused", () => {
  const resignedWith = (name: string, change: (manifest: PackManifest) => void): string => {
    const contents = new Map(files);
    const manifest = JSON.parse(contents.get(".manifest")!.toString("utf8")) as PackManifest;
    change(manifest);
    contents.set(".manifest", Buffer.from(JSON.stringify(manifest)));
    contents.delete(".signatures.json");
    contents.set(".signatures.json", signBundleFiles(contents, { signingKey: ec.privateKey, keyId: "acme-2026" }));
    return repack(name, contents);
  };
  const expiresOn =
    (day: string | undefined) =>
    (m: PackManifest): void => {
      if (day === undefined) delete m.metadata.modelgate.expires;
      else m.metadata.modelgate.expires = day;
    };

  it("records an expiry in every pack signed by bundle build", () => {
    const manifest = JSON.parse(files.get(".manifest")!.toString("utf8"));
    expect(manifest.metadata.modelgate.expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(loadVerifiedBundle(signed, { verificationKey: ec.publicKey }).signature?.expires).toBe(manifest.metadata.modelgate.expires);
  });

  it.each([
    ["past its expiry", expiresOn("2020-01-31"), {}, /expired on 2020-01-31/],
    ["with an expiry that is no day", expiresOn("soon"), {}, /must be a YYYY-MM-DD day/],
    ["without an expiry and no minimum revision configured", expiresOn(undefined), {}, /records no expiry .* MODELGATE_MIN_BUNDLE_REVISION/],
    ["older than the minimum revision", (m: PackManifest) => (m.revision = "1.0.0+abc"), { minRevision: "1.2.0" }, /older than the minimum 1\.2\.0/],
    ["a pre-release of the minimum", (m: PackManifest) => (m.revision = "1.2.0-rc.1+abc"), { minRevision: "1.2.0" }, /older than the minimum/],
    [
      "whose revision is no version, with a minimum configured",
      (m: PackManifest) => (m.revision = "latest"),
      { minRevision: "1.0.0" },
      /not a semantic version/,
    ],
  ])("refuses a pack %s", (name, change, options, message) => {
    const file = resignedWith(`${name.replace(/\W+/g, "-")}.tar.gz`, change);
    expect(() => loadVerifiedBundle(file, { verificationKey: ec.publicKey, ...options })).toThrow(SignatureError);
    expect(() => loadVerifiedBundle(file, { verificationKey: ec.publicKey, ...options })).toThrow(message);
  });

  it.each([
    ["with an expiry to come", expiresOn("2999-12-31"), {}],
    ["without an expiry when the minimum revision vouches for it", expiresOn(undefined), { minRevision: "0.1.0" }],
    ["at exactly the minimum revision", (m: PackManifest) => (m.revision = "1.2.0+abc"), { minRevision: "1.2.0" }],
  ])("accepts a pack %s", (name, change, options) => {
    const file = resignedWith(`ok-${name.replace(/\W+/g, "-")}.tar.gz`, change);
    expect(loadVerifiedBundle(file, { verificationKey: ec.publicKey, ...options }).signature).toBeDefined();
  });
});

describe("verification settings from the environment", () => {
  it.each([
    ["MODELGATE_VERIFICATION_KEY", ""],
    ["MODELGATE_VERIFICATION_KEY", "   "],
    ["MODELGATE_VERIFICATION_KEY_ID", ""],
    ["MODELGATE_MIN_BUNDLE_REVISION", ""],
  ])("refuses %s set but empty (%j), what a missing CI secret looks like", (name, value) => {
    expect(() => verificationSettings({}, { [name]: value })).toThrow(/set but empty/);
  });

  it("refuses a minimum revision that is no version", () => {
    expect(() => verificationSettings({}, { MODELGATE_MIN_BUNDLE_REVISION: "v-next" })).toThrow(/semantic version/);
  });

  it("reads all three when set", () => {
    expect(
      verificationSettings({}, { MODELGATE_VERIFICATION_KEY: "k.pem", MODELGATE_VERIFICATION_KEY_ID: "acme", MODELGATE_MIN_BUNDLE_REVISION: "2.0.0" }),
    ).toEqual({
      verificationKey: "k.pem",
      keyId: "acme",
      minRevision: "2.0.0",
    });
  });
});

describe("a bundle without the data its rules decide with", () => {
  const builtin = path.join(__dirname, "..", "..", "build", "bundle");
  it.each([
    ["the organisation policy", (d: BundleData) => delete d.modelgate.policy, /no data\.modelgate\.policy/],
    ["the provider catalogue", (d: BundleData) => delete d.modelgate.catalog.providers, /no data\.modelgate\.catalog\.providers/],
    ["the catalogue index", (d: BundleData) => delete d.modelgate.index, /no data\.modelgate\.index/],
    ["a policy that is no object", (d: BundleData) => (d.modelgate.policy = []), /no data\.modelgate\.policy/],
  ])("refuses to load without %s, unsigned as it is", (name, strip, message) => {
    const dir = path.join(work, `stripped-${name.replace(/\W+/g, "-")}`);
    mkdirSync(dir, { recursive: true });
    for (const file of ["policy.wasm", ".manifest"]) writeFileSync(path.join(dir, file), readFileSync(path.join(builtin, file)));
    const data = JSON.parse(readFileSync(path.join(builtin, "data.json"), "utf8"));
    strip(data);
    writeFileSync(path.join(dir, "data.json"), JSON.stringify(data));
    expect(() => readBundle(dir)).toThrow(message);
  });
});

describe("a bundle directory over the size cap", () => {
  it("is refused before its files are read", () => {
    const dir = path.join(work, "huge-dir");
    mkdirSync(dir, { recursive: true });
    // sparse: its size is over the cap, though no byte of it is on disk
    writeFileSync(path.join(dir, "data.json"), "");
    truncateSync(path.join(dir, "data.json"), MAX_EXPANDED_BYTES + 1);
    expect(() => loadVerifiedBundle(dir, { verificationKey: ec.publicKey })).toThrow(/holds more than \d+ bytes; refused before reading data\.json/);
  });
});
