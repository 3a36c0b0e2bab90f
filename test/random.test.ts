import { describe, expect, it } from "vitest";
import { randomBytes } from "../src/domain/random.js";

describe("randomBytes from the pool", () => {
  it("never hands out the same bytes twice, across many refills of the pool", () => {
    const seen = new Set<string>();
    // 14 bytes is an id's random part; 20,000 draws refill the 4 KiB pool about 70 times.
    for (let i = 0; i < 20_000; i++) seen.add(randomBytes(14).toString("hex"));
    expect(seen.size).toBe(20_000);
  });

  it("gives each caller its own copy, which later refills of the pool leave alone", () => {
    const drawn = randomBytes(14);
    const before = Buffer.from(drawn);
    for (let i = 0; i < 1_000; i++) randomBytes(14);
    expect(drawn.equals(before)).toBe(true);
  });

  it("draws any size, over the pool's too", () => {
    expect(randomBytes(10_000).length).toBe(10_000);
    expect(randomBytes(10_000).equals(Buffer.alloc(10_000))).toBe(false);
    expect(randomBytes(0).length).toBe(0);
  });

  it("spreads its bytes evenly (each value about 1/256 of 1 MiB)", () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256; i++) for (const byte of randomBytes(4096)) counts[byte] = (counts[byte] ?? 0) + 1;
    // 4,096 expected per value; a generator stuck on a pattern would be far outside ±20 %.
    expect(Math.min(...counts)).toBeGreaterThan(4096 * 0.8);
    expect(Math.max(...counts)).toBeLessThan(4096 * 1.2);
  });
});
