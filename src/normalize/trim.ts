/**
 * Trimming without regular expressions. `/\.+$/` looks harmless but is quadratic in V8: the
 * backtracking engine tries the run from every position it could start at, so a value of 600 KB
 * of dots followed by one letter takes minutes. These loops touch each character once.
 */

/** `text` without the run of `char` at its end (`api.deepseek.com..` → `api.deepseek.com`). */
export function stripTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the characters `isEdge` accepts at either end. */
export function trimWhere(text: string, isEdge: (char: string) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && isEdge(text[start])) start++;
  while (end > start && isEdge(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
