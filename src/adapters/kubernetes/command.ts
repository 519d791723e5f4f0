/**
 * The command line of a container: `command` + `args` after Kubernetes `$(VAR)` expansion, split
 * into shell words and commands when the container runs a shell script (`sh -c "..."`), with the
 * position of every word kept for findings.
 */

import type { ContainerEnv, EnvVar } from "./env";
import { expandReferences } from "./env";
import type { Loc, ProblemSink } from "./location";
import { isRecord } from "../core/objects";

export interface Word {
  /** The word after expansion. */
  text: string;
  /** The `command`/`args` entry the word was read from. */
  at: Loc;
  /** "args[3]", "command[0]", "lifecycle.postStart[2]": for ids and messages. */
  label: string;
  /** Set when the word is exactly one variable reference: where its value is really written. */
  variable: EnvVar | null;
  /** `$(NAME)` references left unexpanded because NAME is unknown before deploy (NAME → why). */
  pending: ReadonlyMap<string, string> | null;
  /** Normalised flag name ("--model-path" for `--model_path=x`), or null when the word is not a flag. */
  flag: string | null;
  /** The value of a `--flag=value` word. */
  inlineValue: string | null;
}

export interface CommandLine {
  /** Commands, split at `;`, `&&`, `||`, `|`, `&` and newlines inside shell scripts. */
  segments: Word[][];
  /** Every word in order. */
  words: Word[];
}

const SHELLS: ReadonlySet<string> = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh"]);
const SHELL_C_FLAG = /^-[a-z]*c[a-z]*$/;
const SHELL_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NEGATIVE_NUMBER = /^-\d/;
const REDIRECT_TAIL = /[0-9-]/;

export function basename(text: string): string {
  const slash = text.lastIndexOf("/");
  return slash === -1 ? text : text.slice(slash + 1);
}

function makeWord(text: string, at: Loc, label: string, variable: EnvVar | null, pending: ReadonlyMap<string, string> | null): Word {
  let flag: string | null = null;
  let inlineValue: string | null = null;
  if (text.length > 1 && text.charCodeAt(0) === 45 /* - */ && !NEGATIVE_NUMBER.test(text)) {
    const eq = text.indexOf("=");
    const name = eq === -1 ? text : text.slice(0, eq);
    flag = name.toLowerCase().replace(/_/g, "-");
    if (eq !== -1) inlineValue = text.slice(eq + 1);
  }
  return { text, at, label, variable, pending, flag, inlineValue };
}

/** The variable a whole-word reference names: `$(NAME)` (Kubernetes) or `$NAME` / `${NAME}` (shell). */
function wholeReference(text: string, env: ContainerEnv): EnvVar | null {
  let name: string | null = null;
  if (text.startsWith("$(") && text.endsWith(")")) name = text.slice(2, -1);
  else if (text.startsWith("${") && text.endsWith("}")) name = text.slice(2, -1);
  else if (text.startsWith("$")) name = text.slice(1);
  if (name === null || !SHELL_VAR_NAME.test(name) || SHELL_VAR_NAME.exec(name)![0] !== name) return null;
  return env.vars.get(name) ?? null;
}

/**
 * Splits a shell script into commands of words. Quotes and escapes are honoured; `$NAME` and
 * `${NAME}` are replaced by the container's variables when their values are known, and kept as
 * written otherwise. Command substitution `$(...)` is kept inside its word.
 */
function splitScript(script: string, at: Loc, label: string, env: ContainerEnv, pending: ReadonlyMap<string, string> | null): Word[][] {
  const segments: Word[][] = [];
  let segment: Word[] = [];
  let word = "";
  let inWord = false;
  let onlyVariable: EnvVar | null = null;
  let parts = 0;
  const endWord = (): void => {
    if (inWord) segment.push(makeWord(word, at, label, parts === 1 ? onlyVariable : null, pending));
    word = "";
    inWord = false;
    onlyVariable = null;
    parts = 0;
  };
  const endSegment = (): void => {
    endWord();
    if (segment.length > 0) segments.push(segment);
    segment = [];
  };
  // The next "}" is looked up again only once passed: one search per "${" would rescan an unclosed rest.
  let nextBrace = -2;
  let nextTick = -2;
  const expandShellVar = (start: number): number => {
    // script[start] === "$"
    const rest = script.slice(start + 1);
    if (rest.startsWith("{")) {
      if (nextBrace !== -1 && nextBrace < start + 2) nextBrace = script.indexOf("}", start + 2);
      const close = nextBrace === -1 ? -1 : nextBrace - (start + 1);
      if (close !== -1) {
        const inner = rest.slice(1, close);
        const name = SHELL_VAR_NAME.exec(inner)?.[0];
        const variable = name !== undefined ? env.vars.get(name) : undefined;
        if (name !== undefined && inner === name && variable && variable.value !== null) {
          word += variable.value;
          onlyVariable = variable;
        } else {
          word += "${" + inner + "}";
        }
        parts += 1;
        inWord = true;
        return start + 1 + close + 1;
      }
    }
    if (rest.startsWith("(")) {
      let depth = 0;
      let j = start + 1;
      for (; j < script.length; j++) {
        if (script[j] === "(") depth += 1;
        else if (script[j] === ")" && --depth === 0) break;
      }
      word += script.slice(start, j + 1);
      parts += 2;
      inWord = true;
      return j + 1;
    }
    const name = SHELL_VAR_NAME.exec(rest)?.[0];
    if (name !== undefined) {
      const variable = env.vars.get(name);
      if (variable && variable.value !== null) {
        word += variable.value;
        onlyVariable = variable;
      } else word += "$" + name;
      parts += 1;
      inWord = true;
      return start + 1 + name.length;
    }
    word += "$";
    parts += 2;
    inWord = true;
    return start + 1;
  };

  let i = 0;
  const n = script.length;
  while (i < n) {
    const ch = script[i];
    if (ch === " " || ch === "\t" || ch === "\r") {
      endWord();
      i += 1;
    } else if (ch === "\n" || ch === ";") {
      endSegment();
      i += 1;
    } else if (ch === "&" || ch === "|") {
      endSegment();
      i += script[i + 1] === ch ? 2 : 1;
    } else if (ch === "(" || ch === ")") {
      endSegment();
      i += 1;
    } else if (ch === ">" || ch === "<") {
      // a redirection such as 2>&1 or >/dev/null: part of no command word we care about
      endWord();
      i += 1;
      if (script[i] === ">" || script[i] === "&") i += 1;
      while (i < n && REDIRECT_TAIL.test(script[i])) i += 1;
    } else if (ch === "#" && !inWord) {
      while (i < n && script[i] !== "\n") i += 1;
    } else if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close === -1 ? n : close;
      word += script.slice(i + 1, end);
      inWord = true;
      parts += 2;
      i = end + 1;
    } else if (ch === '"') {
      inWord = true;
      i += 1;
      while (i < n && script[i] !== '"') {
        const c = script[i];
        if (c === "\\" && i + 1 < n && '"\\$`\n'.includes(script[i + 1])) {
          if (script[i + 1] !== "\n") word += script[i + 1];
          parts += 2;
          i += 2;
        } else if (c === "$") {
          i = expandShellVar(i);
        } else {
          word += c;
          parts += 2;
          i += 1;
        }
      }
      i += 1;
    } else if (ch === "`") {
      // command substitution, kept inside its word as `$(...)` is; unclosed, it takes the rest of the script
      if (nextTick !== -1 && nextTick < i + 1) nextTick = script.indexOf("`", i + 1);
      const end = nextTick === -1 ? n : nextTick + 1;
      word += script.slice(i, end);
      inWord = true;
      parts += 2;
      i = end;
    } else if (ch === "\\") {
      if (script[i + 1] !== "\n" && i + 1 < n) {
        word += script[i + 1];
        inWord = true;
        parts += 2;
      }
      i += 2;
    } else if (ch === "$") {
      i = expandShellVar(i);
    } else {
      word += ch;
      inWord = true;
      parts += 2;
      i += 1;
    }
  }
  endSegment();
  return segments;
}

function readList(value: unknown, loc: Loc, field: string, env: ContainerEnv, problems: ProblemSink, labelPrefix: string): Word[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add(loc, `${field} is not a list`);
    return [];
  }
  const lookup = (name: string): EnvVar | undefined => env.vars.get(name);
  const words: Word[] = [];
  value.forEach((item, index) => {
    const at: Loc = { doc: loc.doc, pointer: `${loc.pointer}/${index}` };
    let text: string;
    if (typeof item === "string") text = item;
    else if (typeof item === "number" || typeof item === "boolean") text = String(item);
    else {
      problems.add(at, `${field}[${index}] is not a string`);
      return;
    }
    const expanded = expandReferences(text, lookup, env.budget);
    if (expanded.truncated !== null) problems.add(at, `${field}[${index}]: ${expanded.truncated}`);
    const variable = text.startsWith("$(") ? wholeReference(text, env) : null;
    words.push(makeWord(expanded.value, at, `${labelPrefix}[${index}]`, variable, expanded.pending));
  });
  return words;
}

/** Turns an argv into commands: a shell's `-c` script is split into its own words and commands. */
function toCommandLine(argv: Word[], env: ContainerEnv): CommandLine {
  const first = argv[0];
  if (first && SHELLS.has(basename(first.text))) {
    const flagIndex = argv.findIndex((word, index) => index > 0 && SHELL_C_FLAG.test(word.text));
    const script = flagIndex === -1 ? undefined : argv[flagIndex + 1];
    if (script) {
      const segments = splitScript(script.text, script.at, script.label, env, script.pending);
      return { segments, words: segments.flat() };
    }
  }
  return { segments: argv.length > 0 ? [argv] : [], words: argv };
}

export interface ContainerCommands {
  /** `command` followed by `args`. */
  main: CommandLine;
  /** Whether the container overrides its image's entrypoint. */
  hasCommand: boolean;
  /** `lifecycle.postStart.exec.command` (models are often pulled there). */
  hooks: CommandLine[];
}

export function readCommands(container: Record<string, unknown>, containerLoc: Loc, env: ContainerEnv, problems: ProblemSink): ContainerCommands {
  const { doc, pointer } = containerLoc;
  const command = readList(container.command, { doc, pointer: `${pointer}/command` }, "command", env, problems, "command");
  const args = readList(container.args, { doc, pointer: `${pointer}/args` }, "args", env, problems, "args");
  const hooks: CommandLine[] = [];
  const lifecycle = container.lifecycle;
  if (isRecord(lifecycle)) {
    for (const hook of ["postStart"] as const) {
      const exec = isRecord(lifecycle[hook]) ? lifecycle[hook].exec : undefined;
      if (!isRecord(exec)) continue;
      const words = readList(
        exec.command,
        { doc, pointer: `${pointer}/lifecycle/${hook}/exec/command` },
        `lifecycle.${hook}.exec.command`,
        env,
        problems,
        `lifecycle.${hook}`,
      );
      if (words.length > 0) hooks.push(toCommandLine(words, env));
    }
  }
  return { main: toCommandLine(command.concat(args), env), hasCommand: command.length > 0, hooks };
}

/** The value of a flag in a command: `--flag value` or `--flag=value`. */
export interface FlagValue {
  value: string;
  /** The word holding the value (the flag word itself for `--flag=value`). */
  word: Word;
}

export function flagValue(words: readonly Word[], names: ReadonlySet<string>): FlagValue | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.flag === null || !names.has(word.flag)) continue;
    if (word.inlineValue !== null) return { value: word.inlineValue, word };
    const next = words[i + 1];
    if (next?.flag === null) return { value: next.text, word: next };
  }
  return null;
}

export function allFlagValues(words: readonly Word[], names: ReadonlySet<string>): FlagValue[] {
  const found: FlagValue[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.flag === null || !names.has(word.flag)) continue;
    if (word.inlineValue !== null) found.push({ value: word.inlineValue, word });
    else {
      const next = words[i + 1];
      if (next?.flag === null) found.push({ value: next.text, word: next });
    }
  }
  return found;
}
