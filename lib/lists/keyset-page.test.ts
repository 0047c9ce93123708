import { describe, expect, it } from "vitest";
import { keysetPage } from "./keyset-page";

const toCursor = (row: number) => `c${row}`;

describe("keysetPage", () => {
  it("shows the first page forwards with a next cursor only when there is more", () => {
    expect(keysetPage([1, 2, 3], { limit: 2, backwards: false, fromCursor: false, toCursor })).toEqual({ rows: [1, 2], nextCursor: "c2", previousCursor: null });
    expect(keysetPage([1, 2], { limit: 2, backwards: false, fromCursor: false, toCursor })).toEqual({ rows: [1, 2], nextCursor: null, previousCursor: null });
  });

  it("offers the page before once the walk started from a cursor", () => {
    expect(keysetPage([3, 4], { limit: 2, backwards: false, fromCursor: true, toCursor })).toEqual({ rows: [3, 4], nextCursor: null, previousCursor: "c3" });
  });

  it("puts a backward walk in display order, always with a next page and a previous one only when there is more", () => {
    expect(keysetPage([4, 3, 2], { limit: 2, backwards: true, fromCursor: true, toCursor })).toEqual({ rows: [3, 4], nextCursor: "c4", previousCursor: "c3" });
    expect(keysetPage([2, 1], { limit: 2, backwards: true, fromCursor: true, toCursor })).toEqual({ rows: [1, 2], nextCursor: "c2", previousCursor: null });
  });

  it("gives no cursors for an empty page", () => {
    expect(keysetPage([], { limit: 2, backwards: true, fromCursor: true, toCursor })).toEqual({ rows: [], nextCursor: null, previousCursor: null });
  });
});
