/**
 * Temporary directories for one test file, removed after its last test, so `npm test` leaves
 * nothing behind in the OS temp directory. Import it from a test file (its `afterAll` registers
 * at import, once per file).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const created: string[] = [];

afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory `genims-<prefix>-XXXXXX` under the OS temp directory, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `genims-${prefix}-`));
  created.push(dir);
  return dir;
}
