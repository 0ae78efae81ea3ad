/** One job per stored delivery (`{ deliveryId }`), singleton per delivery. */
export const PROCESS_WEBHOOK_JOB = "platform.process-webhook";
/** The sweep that requeues deliveries whose job was lost or whose retries ran out, and prunes old ones. */
export const RETRY_WEBHOOKS_JOB = "platform.retry-webhooks";
