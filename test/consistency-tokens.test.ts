import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { ConsistencyTokens } from "../src/domain/consistency.js";

it("a consistency token names its own position, whether its seal was kept or made again", () => {
  const tokens = new ConsistencyTokens(randomBytes(32));
  // More positions than the seals kept, each sealed twice (once kept, once after others pushed it out).
  const positions = Array.from({ length: 6000 }, (_, i) => (BigInt(i) << 20n) + 7n);
  const first = positions.map((lsn) => tokens.seal(lsn));
  expect(new Set(first).size).toBe(positions.length);
  for (const [i, lsn] of positions.entries()) {
    const token = tokens.seal(lsn);
    expect(token).toBe(first[i]);
    expect(tokens.open("consistency", token)).toBe(lsn);
  }
  // Another server's key refuses them.
  expect(() => new ConsistencyTokens(randomBytes(32)).open("consistency", first[0] as string)).toThrow(/consistency/);
});
