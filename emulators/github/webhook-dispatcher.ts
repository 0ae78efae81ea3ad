import { createHmac, randomUUID } from "node:crypto";

export interface DeliveryRecord {
  id: string;
  event: string;
  action: string | null;
  repository: string | null;
  url: string | null;
  /** HTTP status from the receiver, or null when nothing answered. */
  status: number | null;
  error: string | null;
  deliveredAt: string;
  durationMs: number;
  payload: Record<string, unknown>;
}

export interface WebhookDispatcherOptions {
  secret: string;
  appId: number;
  getUrl: () => string | null;
  /** Oldest deliveries are forgotten beyond this many. */
  keep?: number;
}

/** Sends a signed webhook body exactly as GitHub does and returns the receiver's answer. */
export function signWebhookBody(secret: string, body: string): { sha256: string; sha1: string } {
  return {
    sha256: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    sha1: `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`,
  };
}

/**
 * Delivers webhooks one at a time, in the order they were raised, so a test that awaits
 * a control route sees every event that route caused. Failures are recorded, never thrown.
 */
export class WebhookDispatcher {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly records: DeliveryRecord[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: WebhookDispatcherOptions) {}

  send(event: string, payload: Record<string, unknown>): Promise<DeliveryRecord> {
    const delivery = this.tail.then(() => this.deliver(event, payload));
    this.tail = delivery;
    return delivery;
  }

  /** Registers work that will raise webhooks later (e.g. after a REST write answered). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Resolves once all tracked work has raised its webhooks and every delivery was attempted. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.tail;
  }

  list(): DeliveryRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records.length = 0;
  }

  private async deliver(event: string, payload: Record<string, unknown>): Promise<DeliveryRecord> {
    const url = this.options.getUrl();
    const started = Date.now();
    const repository = (payload.repository as { full_name?: string } | undefined)?.full_name ?? null;
    const record: DeliveryRecord = {
      id: randomUUID(),
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      repository,
      url,
      status: null,
      error: null,
      deliveredAt: new Date(started).toISOString(),
      durationMs: 0,
      payload,
    };
    if (!url) record.error = "no webhook URL configured";
    else {
      const body = JSON.stringify(payload);
      const signature = signWebhookBody(this.options.secret, body);
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "user-agent": "GitHub-Hookshot/emulator",
            "x-github-event": event,
            "x-github-delivery": record.id,
            "x-github-hook-id": "1",
            "x-github-hook-installation-target-type": "integration",
            "x-github-hook-installation-target-id": String(this.options.appId),
            "x-hub-signature": signature.sha1,
            "x-hub-signature-256": signature.sha256,
          },
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        await response.arrayBuffer();
        if (!response.ok) record.error = `receiver answered ${response.status}`;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
    }
    record.durationMs = Date.now() - started;
    this.records.push(record);
    if (this.records.length > (this.options.keep ?? 1000)) this.records.shift();
    return record;
  }
}
