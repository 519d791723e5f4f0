/**
 * Minimal path globbing for classification selectors, waivers and exclusions: `**` spans
 * directories (`**\/` matches zero or more whole directories), `*` and `?` do not; everything else
 * matches itself, and a glob matches the whole path.
 *
 * Globs come from scanned files (a WorkloadClassification `selector.files`) as well as from the
 * config, so they are matched by simulating every position of the glob at once over the path, in
 * time proportional to path length times glob length. As a regular expression, `*a*a*a*a*a*a*a*a*b`
 * took V8's backtracking engine four minutes on one 80-character path.
 */

type Token =
  | { kind: "char"; char: string }
  | { kind: "one" } // `?`: one character except "/"
  | { kind: "star" } // `*`: any run without "/"
  | { kind: "globstar" } // `**`: any run
  | { kind: "dirs" }; // `**/`: nothing, or any run ending in "/"

export interface GlobPattern {
  /** Whether the whole of `path` matches. */
  test(path: string): boolean;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === "*" && glob[i + 1] === "*") {
      const dirs = glob[i + 2] === "/";
      tokens.push({ kind: dirs ? "dirs" : "globstar" });
      i += dirs ? 2 : 1;
    } else if (char === "*") tokens.push({ kind: "star" });
    else if (char === "?") tokens.push({ kind: "one" });
    else tokens.push({ kind: "char", char });
  }
  return tokens;
}

/**
 * Compiles a glob. States are token positions; a `dirs` token has a second state, "inside a run
 * that must end in /", held at index `tokens.length + 1 + i`.
 */
export function compileGlob(glob: string): GlobPattern {
  const tokens = tokenize(glob);
  const count = tokens.length;
  const inside = (i: number): number => count + 1 + i;
  const size = 2 * count + 2;

  /** Adds state `i` and every state reachable from it without reading (skipping `*`, `**`, `**\/`). */
  const close = (states: Uint8Array, i: number): void => {
    while (i <= count && !states[i]) {
      states[i] = 1;
      const token = tokens[i];
      if (token === undefined || token.kind === "char" || token.kind === "one") return;
      i++;
    }
  };

  return {
    test(path: string): boolean {
      let current = new Uint8Array(size);
      let next = new Uint8Array(size);
      close(current, 0);
      for (let p = 0; p < path.length; p++) {
        const char = path[p];
        next.fill(0);
        let alive = false;
        for (let i = 0; i < count; i++) {
          const token = tokens[i];
          if (current[i]) {
            if (token.kind === "char" && token.char === char) close(next, i + 1);
            else if (token.kind === "one" && char !== "/") close(next, i + 1);
            else if (token.kind === "star" && char !== "/") close(next, i);
            else if (token.kind === "globstar") close(next, i);
            else if (token.kind === "dirs") {
              next[inside(i)] = 1;
              if (char === "/") close(next, i + 1);
            }
          }
          if (token.kind === "dirs" && current[inside(i)]) {
            next[inside(i)] = 1;
            if (char === "/") close(next, i + 1);
          }
        }
        for (let i = 0; i < size && !alive; i++) alive = next[i] === 1;
        if (!alive) return false;
        [current, next] = [next, current];
      }
      return current[count] === 1;
    },
  };
}
