import { describe, expect, it } from "vitest";
import {
  durationToNanos,
  formatBytes,
  formatDurationNanos,
  parseDuration,
  parseSize,
} from "../../runtime/src/index.js";

describe("parseDuration (registry durations → milliseconds)", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["5m", 300_000],
    ["2m", 120_000],
    ["168h", 604_800_000],
    ["30d", 2_592_000_000],
    ["1w", 604_800_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1_500],
    [" 30S ", 30_000],
  ])("%j is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("takes a plain number as milliseconds", () => {
    expect(parseDuration(250)).toBe(250);
  });

  it.each(["", "30", "30x", "s", "-5s", "1h 30m", "5mins", "1.s"])("rejects %j, quoting it and the accepted forms", (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
    expect(() => parseDuration(text)).toThrow(`Invalid duration ${JSON.stringify(text)}`);
    expect(() => parseDuration(text)).toThrow(/"30s", "168h"/);
  });

  it("rejects negative or non-finite numbers", () => {
    expect(() => parseDuration(-1)).toThrow(/Invalid duration -1/);
    expect(() => parseDuration(Number.NaN)).toThrow(RangeError);
  });

  it("converts to the nanoseconds JetStream wants, exactly", () => {
    expect(durationToNanos("30s")).toBe(30_000_000_000);
    expect(durationToNanos("168h")).toBe(604_800_000_000_000);
    expect(durationToNanos("30d")).toBe(2_592_000_000_000_000);
    expect(durationToNanos(1)).toBe(1_000_000);
  });

  it("prints nanoseconds back in the largest exact unit", () => {
    expect(formatDurationNanos(durationToNanos("168h"))).toBe("7d");
    expect(formatDurationNanos(durationToNanos("90m"))).toBe("90m");
    expect(formatDurationNanos(durationToNanos("1500ms"))).toBe("1500ms");
    expect(formatDurationNanos(0)).toBe("0s");
    expect(formatDurationNanos(1)).toBe("1ns");
  });
});

describe("parseSize (registry sizes → bytes, powers of 1024)", () => {
  it.each([
    ["512MB", 512 * 1024 ** 2],
    ["1GB", 1024 ** 3],
    ["100MB", 100 * 1024 ** 2],
    ["1TB", 1024 ** 4],
    ["64KB", 65_536],
    ["1K", 1024],
    ["2MiB", 2 * 1024 ** 2],
    ["1gb", 1024 ** 3],
    ["1.5KB", 1536],
    ["100", 100],
    ["100B", 100],
  ])("%j is %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it("takes plain numbers as bytes and keeps -1 (unlimited)", () => {
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize(-1)).toBe(-1);
  });

  it.each(["", "MB", "1XB", "one GB", "-1MB", "1.1B"])("rejects %j, quoting it", (text) => {
    expect(() => parseSize(text)).toThrow(RangeError);
    expect(() => parseSize(text)).toThrow(`Invalid size ${JSON.stringify(text)}`);
  });

  it("rejects fractional and below -1 numbers", () => {
    expect(() => parseSize(1.5)).toThrow(/Invalid size 1.5/);
    expect(() => parseSize(-2)).toThrow(/-1 means unlimited/);
  });

  it("prints bytes back in the largest exact unit", () => {
    expect(formatBytes(parseSize("512MB"))).toBe("512MB");
    expect(formatBytes(parseSize("1GB"))).toBe("1GB");
    expect(formatBytes(1000)).toBe("1000B");
    expect(formatBytes(-1)).toBe("-1");
  });
});
