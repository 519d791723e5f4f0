import { ADAPTERS } from "../adapters/registry";
import type { PolicyEngine } from "../engine/engine";
import { compareFindings, findingFromMetadata } from "../findings/build";
import type { Finding } from "../findings/types";
import type { LlmUsageDocument } from "../model/canonical";
import { discoverFiles } from "../parse/discover";
import type { ParsedDocument } from "../parse/document";
import type { InputError } from "../parse/errors";
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from "../parse/limits";
import { adaptDocuments } from "./adapt";
import { sourceResolver, type SourceResolver } from "./positions";
import { readAndParse } from "./read";
import { settingsFromBundleData } from "./settings";

export interface ScanOptions {
  paths: string[];
  cwd: string;
  engine: PolicyEngine;
  limits?: ParseLimits;
}

export interface ScanResult {
  files: number;
  workloads: number;
  /** Files that could not be read or parsed. */
  inputErrors: number;
  findings: Finding[];
  /** Canonical documents as evaluated; their locations are resolved on demand with `resolve`. */
  documents: LlmUsageDocument[];
  resolve: SourceResolver;
}

function inputErrorFinding(engine: PolicyEngine, error: InputError): Finding {
  const at = { file: error.file, line: error.line, column: error.column, pointer: "" };
  return findingFromMetadata(engine.catalog, "invalid-input", at, error.file, error.message);
}

/**
 * The whole pipeline behind `modelgate check`: discover files, parse them with positions, adapt
 * every document to the canonical model (joins across the whole scan), evaluate each canonical
 * document with the rule bundle.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const files = discoverFiles(options.paths, options.cwd);
  const parsed: ParsedDocument[] = [];
  const findings: Finding[] = [];
  let inputErrors = 0;
  for (const file of files) {
    const result = await readAndParse(file, limits);
    parsed.push(...result.documents);
    if (result.errors.length > 0) inputErrors++;
    for (const error of result.errors) findings.push(inputErrorFinding(options.engine, error));
  }
  const adapted = adaptDocuments(parsed, settingsFromBundleData(options.engine.bundle.data), ADAPTERS);
  const resolve = sourceResolver(parsed);
  for (const problem of adapted.problems) {
    const at = resolve(problem.source);
    findings.push(findingFromMetadata(options.engine.catalog, "invalid-input", at, at.file, problem.message));
  }
  for (const document of adapted.documents) findings.push(...options.engine.evaluate(document, resolve));
  findings.sort(compareFindings);
  return { files: files.length, workloads: adapted.documents.length, inputErrors, findings, documents: adapted.documents, resolve };
}
