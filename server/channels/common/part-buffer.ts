/**
 * Durable holding area for the parts of a long inbound SMS that a provider delivers one by one
 * (Vonage `concat-ref`/`concat-part`/`concat-total`). Each part is written to disk (atomic rename)
 * before the webhook answers 200, so a crash between parts loses nothing; when the last part arrives
 * the whole text is returned, and the caller `forget`s it once the message is stored (if storing fails,
 * the provider's retry of that part assembles it again). Parts left incomplete for `staleMs` are given back
 * as they are by `takeStale` (a lost part must not swallow the rest of a health worker's message).
 *
 * Example:
 *   const buffer = new PartBuffer(dir);
 *   await buffer.add('chan:2547…:ref9', { part: 1, total: 2, text: 'Hello ', externalId: 'id-1' }); // → null
 *   await buffer.add('chan:2547…:ref9', { part: 2, total: 2, text: 'world', externalId: 'id-2' });  // → { text: 'Hello world', externalId: 'id-1', … }
 *   await buffer.forget('chan:2547…:ref9');
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** One part. `meta` travels with the first part (sender URN etc.). Example: `{ part: 1, total: 3, text: "…", externalId: "0A00…", meta: { urn: "tel:+2547…" } }`. */
export interface BufferedPart {
  part: number;
  total: number;
  text: string;
  externalId: string;
  meta?: Record<string, string>;
}

/** A complete (or stale) message: parts joined in order, the first part's id and meta. */
export interface AssembledMessage {
  key: string;
  text: string;
  externalId: string;
  meta: Record<string, string>;
  complete: boolean;
}

interface BufferFile {
  key: string;
  createdAt: number;
  parts: BufferedPart[];
}

export class PartBuffer {
  constructor(private readonly dir: string, private readonly staleMs = 10 * 60_000) {}

  private file(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  private async read(file: string): Promise<BufferFile | null> {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as BufferFile;
    } catch {
      return null;
    }
  }

  private async write(file: string, data: BufferFile): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  }

  /** Adds a part; returns the whole message when every part is there, else null. A repeated part is ignored. */
  async add(key: string, part: BufferedPart): Promise<AssembledMessage | null> {
    if (!(part.total >= 1) || !(part.part >= 1) || part.part > part.total) throw new Error(`part ${part.part} of ${part.total} is not a valid part number`);
    const file = this.file(key);
    const data = (await this.read(file)) ?? { key, createdAt: Date.now(), parts: [] };
    if (!data.parts.some((p) => p.part === part.part)) data.parts.push(part);
    await this.write(file, data);
    return data.parts.length < part.total ? null : assemble(data, true);
  }

  /** Removes a message's parts (after it was stored). */
  async forget(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  /** Incomplete messages whose key starts with `keyPrefix`, older than `staleMs`: each is handed to `deliver`, then removed. */
  async takeStale(keyPrefix: string, deliver: (msg: AssembledMessage) => Promise<void>, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return 0;
    }
    let count = 0;
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.dir, name);
      const data = await this.read(file);
      if (!data || !data.key.startsWith(keyPrefix) || now - data.createdAt < this.staleMs) continue;
      await deliver(assemble(data, false));
      await fs.rm(file, { force: true });
      count++;
    }
    return count;
  }
}

function assemble(data: BufferFile, complete: boolean): AssembledMessage {
  const parts = [...data.parts].sort((a, b) => a.part - b.part);
  const firstPart = parts.find((p) => p.part === 1) ?? parts[0]!;
  return { key: data.key, text: parts.map((p) => p.text).join(''), externalId: firstPart.externalId, meta: parts.find((p) => p.meta)?.meta ?? {}, complete };
}
