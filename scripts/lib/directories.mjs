import fs from "node:fs";
import path from "node:path";

/**
 * Makes `directory` and any of its missing parents, as `mkdir -p` does, and returns its absolute path.
 * Node's own `fs.mkdirSync(…, { recursive: true })` never returns for a path under a folder that refuses
 * new entries with "no such file" (`/proc/x` loops for ever), so a typed-wrong backup folder or database
 * path would hang a command instead of stopping it: here each missing folder is made in turn, from the
 * nearest one that exists, and the first refusal is thrown.
 * @param {string} directory
 * @returns {string}
 * @throws {Error} naming the folder that could not be made and why, or a path part that is not a folder
 */
export function makeDirectory(directory) {
  const wanted = path.resolve(directory);
  const missing = [];
  let at = wanted;
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) throw new Error(`Cannot make the folder ${wanted}: ${at} is a file, not a folder`);
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process: as good as made here.
      if (/** @type {NodeJS.ErrnoException} */ (error).code === "EEXIST" && fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw new Error(`Cannot make the folder ${folder}: ${/** @type {Error} */ (error).message}`, { cause: error });
    }
  }
  return wanted;
}

/**
 * Makes `directory` if it is missing (as `makeDirectory`) and proves this user can write in it, by writing
 * and removing a small file of its own there. For a folder written to long after it is named (the nightly
 * backups' BACKUP_DIR), so that a folder on a read-only file system, or one this user may not write, is
 * found when it is named, not hours later.
 * @param {string} directory
 * @returns {string} its absolute path
 * @throws {Error} saying why, in words an operator can act on: the folder could not be made, it is on a
 *   file system mounted read-only, or this user may not write in it
 */
export function requireWritableDirectory(directory) {
  const folder = makeDirectory(directory);
  const probe = path.join(folder, `.write-check-${process.pid}`);
  try {
    fs.writeFileSync(probe, "", { flag: "wx", mode: 0o600 });
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    if (code === "EROFS") throw new Error(`${folder} is on a file system mounted read-only`, { cause: error });
    throw new Error(`this user cannot write to ${folder} (${code ?? /** @type {Error} */ (error).message})`, { cause: error });
  }
  fs.rmSync(probe, { force: true });
  return folder;
}
