// Worker for the ingest bench's parse-only phase: parses the .tf files it is sent with
// @cdktn/hcl2json (one Go wasm instance per worker) and answers with how long that took.
import { parentPort } from "node:worker_threads";
import { parse } from "@cdktn/hcl2json";

parentPort.on("message", async (message) => {
  if (message.type === "warm-up") {
    await parse("warm-up.tf", 'variable "x" {\n  type = string\n}\n');
    parentPort.postMessage({ type: "ready" });
    return;
  }
  const started = performance.now();
  let failed = 0;
  for (const [file, content] of message.files) {
    try {
      await parse(file, content);
    } catch {
      failed += 1;
    }
  }
  parentPort.postMessage({ type: "done", ms: performance.now() - started, failed });
});
