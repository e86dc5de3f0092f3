// Preloaded with --import (NODE_OPTIONS): records the URL of every ES module
// the process loads into the file MODULE_TRACE_FILE names (test/lifecycle/lazyModules.test.ts).
import { register } from "node:module"

register(new URL("./hooks.mjs", import.meta.url))
