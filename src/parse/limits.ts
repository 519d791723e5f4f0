/** Bounds that keep one hostile file from stalling or exhausting a scan. */
export interface ParseLimits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /** Alias expansions allowed per document (defeats "billion laughs" alias bombs). */
  maxAliasCount: number;
  /** Deepest nesting of maps and lists accepted. */
  maxDepth: number;
  /** Documents accepted in one multi-document file. */
  maxDocuments: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxFileBytes: 8 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
  maxDocuments: 10_000,
};
