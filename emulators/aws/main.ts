// CLI: npx tsx emulators/aws/main.ts [--port 4030] [--host 127.0.0.1] [--state-dir .bulkhead/aws] [--provision-ms 20000] [--max-in-flight 5]
import { parseArgs } from "node:util";
import { z } from "zod";
import { startAwsEmulator } from "./server.js";
import { closeOnSignal } from "../close-on-signal.js";

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4030),
  host: z.string().min(1).default("127.0.0.1"),
  "state-dir": z.string().min(1).optional(),
  "provision-ms": z.coerce.number().int().min(0).max(3_600_000).default(20_000),
  "max-in-flight": z.coerce.number().int().min(1).max(100).default(5),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "state-dir": { type: "string" },
      "provision-ms": { type: "string" },
      "max-in-flight": { type: "string" },
    },
    strict: true,
  });
  const args = argsSchema.parse(values);
  const emulator = await startAwsEmulator({
    port: args.port,
    host: args.host,
    stateDir: args["state-dir"],
    provisionMs: args["provision-ms"],
    maxInFlight: args["max-in-flight"],
  });
  console.log(`[aws-emulator] listening on ${emulator.url} (Service Catalog, Organizations, EventBridge)`);
  console.log(`[aws-emulator]   state:   ${args["state-dir"] ? `${args["state-dir"]}/state.json` : "in memory"}`);
  console.log(`[aws-emulator]   provisioning: ${args["provision-ms"]} ms, at most ${args["max-in-flight"]} in flight`);
  console.log(`[aws-emulator]   control: ${emulator.url}/__emulator/health`);
  console.log("[aws-emulator]   client environment:");
  for (const [key, value] of Object.entries(emulator.clientEnv)) console.log(`[aws-emulator]     ${key}=${value}`);

  closeOnSignal(emulator, { label: "[aws-emulator]" });
}

main().catch((error: unknown) => {
  console.error("[aws-emulator] failed to start:", error);
  process.exit(1);
});
