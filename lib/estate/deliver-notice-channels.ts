import { logger } from "@/lib/platform/logger";
import { buildChatPayload } from "./core/build-chat-payload";
import { buildNoticeMessage, buildResolvedComment } from "./core/build-notice-message";
import type { ChannelDelivery, EstateDeps } from "./ports";

export interface DeliverNoticeChannelsResult {
  issuesWritten: number;
  issuesClosed: number;
  /** Overdue notices posted to the chat webhook (in one message). */
  chatPosted: number;
  /** Deliveries that failed; they stay due and the next run retries them. */
  failures: Array<{ noticeId: string; channel: "issue" | "chat"; message: string }>;
  /** True when a batch was full: more is waiting. */
  more: boolean;
}

function messageOf(deps: EstateDeps, delivery: ChannelDelivery) {
  return buildNoticeMessage({ notice: delivery.notice, workload: delivery.workload, module: delivery.module, unitPath: delivery.unitPath, file: delivery.file, publicUrl: deps.config.publicUrl });
}

/**
 * Brings the outside channels in line with the notices, safe to run again at any time (the job
 * runs it after every reconcile and whenever notices change):
 * - each open notice of a workload that opted in gets one issue on its consumer repo, updated in
 *   place when the notice changes (found by number, else by its marker) and never duplicated;
 * - a resolved notice's open issue gets a comment and is closed;
 * - open overdue notices never posted go to the admin's chat webhook in one message. They are
 *   claimed before the post, so none is posted twice; a failed post gives the claim back.
 * A failure of one issue does not stop the others; it is logged and retried on the next run.
 */
export async function deliverNoticeChannels(deps: EstateDeps, options: { batch?: number } = {}): Promise<DeliverNoticeChannelsResult> {
  const batch = options.batch ?? 100;
  const result: DeliverNoticeChannelsResult = { issuesWritten: 0, issuesClosed: 0, chatPosted: 0, failures: [], more: false };

  const deliveries = await deps.store.listIssueDeliveries({ take: batch });
  result.more = deliveries.length === batch;
  for (const delivery of deliveries) {
    const { notice, repo } = delivery;
    if (!repo) continue;
    try {
      if (notice.resolvedAt) {
        if (!notice.issue) continue;
        await deps.channels.closeIssue(repo, { number: notice.issue.number, comment: buildResolvedComment(notice.resolution) });
        await deps.store.recordNoticeIssue(notice.id, { ...notice.issue, state: "closed", syncedAt: notice.updatedAt });
        result.issuesClosed += 1;
      } else {
        const issue = await deps.channels.upsertIssue(repo, messageOf(deps, delivery), { existing: notice.issue?.number ?? null, labels: notice.kind === "vulnerable" ? ["security"] : [] });
        await deps.store.recordNoticeIssue(notice.id, { ...issue, state: "open", syncedAt: notice.updatedAt });
        result.issuesWritten += 1;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failures.push({ noticeId: notice.id, channel: "issue", message });
      logger.warn("notice issue not delivered", { notice: notice.id, workload: delivery.workload.slug, error: message });
    }
  }

  const { chatWebhookUrl } = await deps.store.getSettings();
  if (chatWebhookUrl) {
    const claimedAt = deps.now();
    const claimed = await deps.store.claimChatDeliveries({ now: claimedAt, take: batch });
    if (claimed.length > 0) {
      const payload = buildChatPayload({
        inboxUrl: `${deps.config.publicUrl}/inbox?escalation=overdue`,
        notices: claimed.map((d) => ({
          workload: d.workload.name,
          module: d.module.name,
          fromVersion: d.notice.fromVersion,
          unitPath: d.unitPath,
          dueAt: d.notice.dueAt,
          severity: d.notice.severity,
          url: messageOf(deps, d).url,
        })),
      });
      try {
        await deps.channels.postChatMessage({ webhookUrl: chatWebhookUrl, payload });
        result.chatPosted = claimed.length;
      } catch (error) {
        await deps.store.releaseChatDeliveries(
          claimed.map((d) => d.notice.id),
          claimedAt,
        );
        const message = error instanceof Error ? error.message : String(error);
        result.failures.push(...claimed.map((d) => ({ noticeId: d.notice.id, channel: "chat" as const, message })));
        logger.warn("overdue notices not posted to chat", { notices: claimed.length, error: message });
      }
    }
  }
  return result;
}
