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

/** Token kinds, held in a typed array: a glob from a scanned file may be long, and one object per character is garbage the collector must walk. */
const CHAR = 0; // the character itself
const ONE = 1; // `?`: one character except "/"
const STAR = 2; // `*`: any run without "/"
const GLOBSTAR = 3; // `**`: any run
const DIRS = 4; // `**/`: nothing, or any run ending in "/"
const SLASH = 47;

export interface GlobPattern {
  /** Whether the whole of `path` matches. */
  test(path: string): boolean;
}

/** The glob as token kinds and, for CHAR tokens, the UTF-16 code unit each matches. */
function tokenize(glob: string): { kinds: Uint8Array; codes: Uint16Array } {
  const kinds = new Uint8Array(glob.length);
  const codes = new Uint16Array(glob.length);
  let count = 0;
  for (let i = 0; i < glob.length; i++) {
    const code = glob.charCodeAt(i);
    if (code === 42 /* * */ && glob.charCodeAt(i + 1) === 42) {
      const dirs = glob.charCodeAt(i + 2) === SLASH;
      kinds[count++] = dirs ? DIRS : GLOBSTAR;
      i += dirs ? 2 : 1;
    } else if (code === 42) kinds[count++] = STAR;
    else if (code === 63 /* ? */) kinds[count++] = ONE;
    else {
      kinds[count] = CHAR;
      codes[count++] = code;
    }
  }
  return { kinds: kinds.subarray(0, count), codes: codes.subarray(0, count) };
}

/**
 * Compiles a glob. States are token positions; a `dirs` token has a second state, "inside a run
 * that must end in /", held at index `tokens.length + 1 + i`.
 */
export function compileGlob(glob: string): GlobPattern {
  const { kinds, codes } = tokenize(glob);
  const count = kinds.length;
  const inside = (i: number): number => count + 1 + i;
  const size = 2 * count + 2;

  /** Adds state `i` and every state reachable from it without reading (skipping `*`, `**`, `**\/`). */
  const close = (states: Uint8Array, i: number): void => {
    while (i <= count && !states[i]) {
      states[i] = 1;
      if (i === count || kinds[i] === CHAR || kinds[i] === ONE) return;
      i++;
    }
  };

  return {
    test(path: string): boolean {
      let current = new Uint8Array(size);
      let next = new Uint8Array(size);
      close(current, 0);
      for (let p = 0; p < path.length; p++) {
        const code = path.charCodeAt(p);
        next.fill(0);
        let alive = false;
        for (let i = 0; i < count; i++) {
          const kind = kinds[i];
          if (current[i]) {
            if (kind === CHAR && codes[i] === code) close(next, i + 1);
            else if (kind === ONE && code !== SLASH) close(next, i + 1);
            else if (kind === STAR && code !== SLASH) close(next, i);
            else if (kind === GLOBSTAR) close(next, i);
            else if (kind === DIRS) {
              next[inside(i)] = 1;
              if (code === SLASH) close(next, i + 1);
            }
          }
          if (kind === DIRS && current[inside(i)]) {
            next[inside(i)] = 1;
            if (code === SLASH) close(next, i + 1);
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
