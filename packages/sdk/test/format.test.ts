import { describe, expect, it } from "vitest";
import { changePercent, formatPercent, formatUsd } from "../src/index.ts";

describe("formatUsd", () => {
  it.each([
    ["104092.7082", "$104,092.71"],
    ["2500.151", "$2,500.15"],
    ["1.0003", "$1.00"],
    ["0.9995", "$0.9995"],
    ["0.27", "$0.2700"],
    ["0.0123", "$0.01230"],
    ["0.00123", "$0.001230"],
    ["0.0001234", "$0.0001234"],
    ["0.00001163", "$0.0₄1163"],
    ["0.000011639999", "$0.0₄1163"],
    ["0.000000000000000012", "$0.0₁₆12"],
    ["0", "$0.00"],
  ])("%s -> %s", (price, expected) => {
    expect(formatUsd(price)).toBe(expected);
  });
});

describe("formatPercent", () => {
  it.each([
    [-3.899999, "-3.90%"],
    [1.35, "+1.35%"],
    [0.009999, "+0.01%"],
    [-0.001, "0.00%"],
    [0, "0.00%"],
  ])("%d -> %s", (change, expected) => {
    expect(formatPercent(change)).toBe(expected);
  });
});

describe("changePercent", () => {
  it("keeps precision of tiny prices", () => {
    expect(changePercent(1163n * 10n ** 10n, 12870850000000n)).toBeCloseTo(-9.64, 2);
  });
  it("is undefined for a non-positive reference", () => {
    expect(changePercent(1n, 0n)).toBeUndefined();
    expect(changePercent(1n, -5n)).toBeUndefined();
  });
  it("is exact for round numbers", () => {
    expect(changePercent(110n, 100n)).toBe(10);
    expect(changePercent(90n, 100n)).toBe(-10);
  });
});
