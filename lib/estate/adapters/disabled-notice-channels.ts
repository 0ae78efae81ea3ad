import { AppError } from "@/lib/errors/app-error";
import type { NoticeChannels } from "../ports";

/** Channels when none is configured: the in-portal inbox is the only one. Every call refuses, clearly. */
export function createDisabledNoticeChannels(): NoticeChannels {
  const off = async (): Promise<never> => {
    throw new AppError("UPSTREAM_FAILED", "No notice channel is configured (GitHub issues and the chat webhook are off)");
  };
  return { upsertIssue: off, closeIssue: off, postChatMessage: off };
}
