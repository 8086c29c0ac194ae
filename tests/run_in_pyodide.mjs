// Run a Python file in the browser's Python (Pyodide from node_modules) under Node, with
// this machine's files under /host. Used by tests that must check what the browser's
// CPython does, not this machine's.
//
//   node tests/run_in_pyodide.mjs SCRIPT.py
//
// The script's output is printed; an exception makes the exit status 1.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const { loadPyodide } = await import(join(here, "..", "node_modules", "pyodide", "pyodide.mjs"));
const pyodide = await loadPyodide({ stdout: (s) => console.log(s), stderr: (s) => console.error(s) });
pyodide.mountNodeFS("/host", "/");
try {
  pyodide.runPython(readFileSync(process.argv[2], "utf-8"), { filename: resolve(process.argv[2]) });
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
