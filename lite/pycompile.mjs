// Add CPython 3.14 bytecode to pure-Python wheels by running lite/pycompile_wheel.py
// inside Pyodide itself (see that file). Called by lite/prepare.py:
//
//   node lite/pycompile.mjs JOBS.json
//
// JOBS.json: [[source wheel, target wheel, keep_source], ...], absolute paths on this machine.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const { loadPyodide } = await import(join(here, "..", "node_modules", "pyodide", "pyodide.mjs"));

const jobs = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const pyodide = await loadPyodide({ stdout: (s) => console.log(s), stderr: (s) => console.error(s) });
pyodide.mountNodeFS("/host", "/");
const module = readFileSync(join(here, "pycompile_wheel.py"), "utf-8");
const namespace = pyodide.globals.get("dict")();
pyodide.runPython(module, { globals: namespace });
const hostJobs = jobs.map(([source, target, keep]) => ["/host" + source, "/host" + target, keep]);
namespace.get("main")(pyodide.toPy(hostJobs));
