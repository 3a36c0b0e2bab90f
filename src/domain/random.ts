import { randomFillSync } from "node:crypto";

/** POOL_BYTES is how much CSPRNG output randomBytes draws at once. */
const POOL_BYTES = 4096;

const pool = Buffer.alloc(POOL_BYTES);
/** The first byte of the pool not handed out yet; POOL_BYTES: none left (the pool starts empty). */
let next = POOL_BYTES;

/**
 * randomBytes is node:crypto's randomBytes for the small sizes ids, secrets
 * and IVs need, drawn from a buffer of the same CSPRNG's output filled 4 KiB
 * at a time, as Node's own randomUUID draws its bytes: a randomBytes call
 * costs about 1.3 µs of CPU whatever its size, and creating a machine needs
 * four. Each byte is handed out once, as a copy, never a view of the pool.
 */
export function randomBytes(size: number): Buffer {
  if (size > POOL_BYTES) return randomFillSync(Buffer.alloc(size));
  if (next + size > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = Buffer.from(pool.subarray(next, next + size));
  next += size;
  return bytes;
}
