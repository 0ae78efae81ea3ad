"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { revokeAllUserSessions, revokeUserSession } from "@/lib/platform/auth/end-user-sessions";
import { defineAction } from "@/lib/platform/http/define-action";

const PAGE = "/admin/sessions";

// Ends one session at once: the next request with its cookie is signed out. Audited.
export const revokeSessionAction = defineAction(
  { input: z.object({ sessionId: z.string().min(16).max(128) }), require: { role: "admin" } },
  async ({ input, viewer }) => {
    const result = await revokeUserSession({ sessionId: input.sessionId, actor: { id: viewer.id, label: viewer.username } });
    revalidatePath(PAGE);
    return result;
  },
);

// Ends every live session of one user (lost laptop, someone who left). Audited as one event.
export const revokeUserSessionsAction = defineAction(
  { input: z.object({ userId: z.uuid() }), require: { role: "admin" } },
  async ({ input, viewer }) => {
    const result = await revokeAllUserSessions({ userId: input.userId, actor: { id: viewer.id, label: viewer.username } });
    revalidatePath(PAGE);
    return result;
  },
);
