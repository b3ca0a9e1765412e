import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { canonicalJson } from '@spillway/rules';

/** A signed statement that the audit log of `database` had reached `seq`, whose event hashed to `hash`. */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  database: string;
}

export interface CheckpointLog {
  /** This database's checkpoints by seq (the first one for a seq). */
  bySeq: Map<number, Checkpoint>;
  /** The one with the highest seq. */
  last: Checkpoint | null;
  /** The line of the first checkpoint that is malformed or whose signature does not verify. */
  forgedLine: number | null;
}

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * An append-only JSON-lines file of signed checkpoints of the audit log's head, kept outside the database
 * (in the data directory) and signed with a key the database never holds. Whoever can rewrite the audit
 * table cannot make the file agree with a rewritten history, nor hide that its newest events are gone.
 * Several processes may append: each line is one small write to a file opened for appending.
 */
export class AuditCheckpoints {
  constructor(
    readonly file: string,
    private readonly key: Buffer,
    /** Which database the checkpoints speak of, so a data directory reused with another one raises no alarm. */
    private readonly database: string,
  ) {}

  async append(head: { seq: number; hash: string }, at = new Date()): Promise<Checkpoint> {
    const checkpoint: Checkpoint = {
      seq: head.seq,
      hash: head.hash,
      at: at.toISOString(),
      database: this.database,
    };
    await appendFile(this.file, `${JSON.stringify({ ...checkpoint, mac: this.sign(checkpoint) })}\n`, {
      mode: 0o600,
    });
    return checkpoint;
  }

  /** Every checkpoint of this database; a last line without its newline is a write still under way. */
  async read(): Promise<CheckpointLog> {
    const log: CheckpointLog = { bySeq: new Map(), last: null, forgedLine: null };
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return log;
      throw error;
    }
    const lines = text.split('\n');
    lines.pop();
    lines.forEach((line, index) => {
      const checkpoint = this.verified(line);
      if (!checkpoint) {
        log.forgedLine ??= index + 1;
        return;
      }
      if (checkpoint.database !== this.database) return;
      if (!log.bySeq.has(checkpoint.seq)) log.bySeq.set(checkpoint.seq, checkpoint);
      if (!log.last || checkpoint.seq > log.last.seq) log.last = checkpoint;
    });
    return log;
  }

  private sign(checkpoint: Checkpoint): string {
    const { seq, hash, at, database } = checkpoint;
    return createHmac('sha256', this.key).update(canonicalJson({ seq, hash, at, database })).digest('hex');
  }

  private verified(line: string): Checkpoint | null {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line);
    } catch {
      return null;
    }
    const { seq, hash, at, database, mac } = parsed ?? {};
    if (
      !Number.isSafeInteger(seq) ||
      typeof hash !== 'string' ||
      typeof at !== 'string' ||
      typeof database !== 'string' ||
      typeof mac !== 'string' ||
      !HEX_64.test(mac)
    ) {
      return null;
    }
    const checkpoint: Checkpoint = { seq: seq as number, hash, at, database };
    const expected = Buffer.from(this.sign(checkpoint), 'hex');
    return timingSafeEqual(expected, Buffer.from(mac, 'hex')) ? checkpoint : null;
  }
}
