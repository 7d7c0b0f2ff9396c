import { parseCommandLine } from "./config.js"; const c = parseCommandLine(process.argv.slice(2)); process.stderr.write(JSON.stringify(c)+"\n"); const m = await import("./lazy.js"); m.hi();
