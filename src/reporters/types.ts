import type { Finding } from "../findings/types";

export interface Report {
  tool: { name: "modelgate"; version: string };
  bundle: { revision: string };
  summary: { files: number; workloads: number; findings: number; waived: number; errors: number };
  findings: Finding[];
}

export type Reporter = (report: Report, options: { color: boolean }) => string;
