#!/usr/bin/env node
// The `latchkey` command: runs the compiled server (dist/src/cli.js), compiling
// it first if src/ changed since the last build. Started through npm
// (`npx latchkey …`), it runs on the Node pinned in package.json.
import { buildServer } from "../scripts/build-server.js";

buildServer();
await import("../dist/src/cli.js");
