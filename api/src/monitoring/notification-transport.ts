import { appendFile, readFile } from 'node:fs/promises';
import type { NotificationChannel } from './notification.entity.js';

export interface OutgoingMessage {
  /** The notification's id: the idempotency key a receiver dedupes resends by. */
  id: string;
  channel: NotificationChannel;
  /** The full address, decrypted only for this call. */
  to: string;
  template: string;
  params: Record<string, unknown>;
}

/** Delivers one message or throws; a throw is retried with backoff. */
export interface NotificationTransport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * The default transport: one JSON line per message in a file, for a demo or a log shipper. It reads its
 * file once to know what it already wrote, so a resend after a crash writes nothing twice.
 */
export class FileTransport implements NotificationTransport {
  readonly name = 'file';
  private written: Promise<Set<string>> | null = null;

  constructor(private readonly path: string) {}

  async send(message: OutgoingMessage): Promise<void> {
    this.written ??= readFile(this.path, 'utf8').then(
      (text) =>
        new Set(
          text
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as { id: string }).id),
        ),
      () => new Set<string>(),
    );
    const written = await this.written;
    if (written.has(message.id)) return;
    await appendFile(this.path, `${JSON.stringify({ ...message, at: new Date().toISOString() })}\n`);
    written.add(message.id);
  }
}

/** POSTs each message as JSON with an Idempotency-Key header; any answer but 2xx is a failure to retry. */
export class WebhookTransport implements NotificationTransport {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutgoingMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  }
}
