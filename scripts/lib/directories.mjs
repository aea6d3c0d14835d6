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
