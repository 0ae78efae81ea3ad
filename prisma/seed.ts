// `prisma db seed` and `npm run dev` run this; safe to run any number of times.
import { createPrismaClient } from "../lib/platform/create-prisma-client";
import { seedDemoData, seedVendingDemo } from "./seed-demo-data";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is required to seed the database.");
  process.exit(1);
}
const db = createPrismaClient(url, { max: 2 });
try {
  const { created } = await seedDemoData(db);
  console.log(created.length > 0 ? `seeded workloads: ${created.join(", ")}` : "demo data already present");
  const vending = await seedVendingDemo(db);
  if (vending.policy || vending.settings) console.log("seeded the demo tag policy and vending settings");
} finally {
  await db.$disconnect();
}
