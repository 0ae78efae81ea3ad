// CLI entry: npx tsx emulators/oidc/main.ts [--port 4010] [--host 127.0.0.1] [--issuer http://localhost:4010]
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultOidcClient, startOidcEmulator } from "./server.js";
import { demoUsers } from "./users.js";
import { closeOnSignal } from "../close-on-signal.js";

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().min(1).optional(),
  issuer: z.url().optional(),
  "remember-session": z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      issuer: { type: "string" },
      "remember-session": { type: "boolean" },
    },
    strict: true,
  });
  const args = argsSchema.parse({ ...values, port: values.port ?? process.env.OIDC_EMULATOR_PORT });

  const emulator = await startOidcEmulator({
    port: args.port,
    host: args.host,
    issuer: args.issuer,
    rememberSession: args["remember-session"],
  });

  console.log(`OIDC emulator listening on ${emulator.url}`);
  console.log(`  issuer:        ${emulator.issuer}`);
  console.log(`  client:        ${defaultOidcClient.clientId} / ${defaultOidcClient.clientSecret}`);
  console.log(`  redirect URI:  ${defaultOidcClient.redirectUris.join(", ")} (any localhost port accepted)`);
  console.log(`  demo users:    ${demoUsers.map((user) => user.username).join(", ")}`);

  closeOnSignal(emulator, { label: "OIDC emulator" });
}

main().catch((error: unknown) => {
  console.error("OIDC emulator failed to start:", error);
  process.exit(1);
});
