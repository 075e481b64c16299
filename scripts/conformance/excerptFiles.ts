/** Writing, checking and loading the committed excerpt files, shared by the Azure and Atlas extractors. */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes `value` to `file`, or with `check` compares it with the committed file instead (through
 * `comparable`, which may drop fields expected to differ) and reports drift. Returns true when
 * nothing drifted.
 */
export function writeOrCheckExcerpt(file: string, value: unknown, check: boolean, comparable: (excerpt: Record<string, unknown>) => unknown = (excerpt) => excerpt): boolean {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const shown = path.relative(process.cwd(), file);
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${shown}`);
    return true;
  }
  const same = fs.existsSync(file) && JSON.stringify(comparable(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)) === JSON.stringify(comparable(JSON.parse(text) as Record<string, unknown>));
  if (!same) console.error(`drift: ${shown}`);
  return same;
}

/** Every excerpt (*.json) in `dir`, by its `token`. */
export function loadExcerpts<T extends { readonly token: string }>(dir: string): Map<string, T> {
  const excerpts = new Map<string, T>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const excerpt = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as T;
    excerpts.set(excerpt.token, excerpt);
  }
  return excerpts;
}
