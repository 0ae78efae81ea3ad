import { describe, expect, it } from "vitest";
import { readCappedBody } from "./read-capped-body";

function streamOf(chunks: number[], counter: { pulled: number }) {
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = chunks[i++];
        if (size === undefined) return controller.close();
        counter.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(i));
      },
    },
    { highWaterMark: 0 },
  );
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://portal.test/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readCappedBody", () => {
  it("returns the exact bytes, with or without a Content-Length", async () => {
    const counter = { pulled: 0 };
    const body = await readCappedBody(post(streamOf([3, 70_000, 5], counter)), 1_000_000);
    expect(body.byteLength).toBe(70_008);
    expect([body[0], body[3], body[70_003], body[70_007]]).toEqual([1, 2, 3, 3]);
    expect(Buffer.from(await readCappedBody(post("héllo", { "content-length": "6" }), 10)).toString("utf8")).toBe("héllo");
    expect((await readCappedBody(post(null), 10)).byteLength).toBe(0);
  });

  it("refuses a declared length over the cap before reading anything", async () => {
    const counter = { pulled: 0 };
    await expect(readCappedBody(post(streamOf([10, 10], counter), { "content-length": "101" }), 100)).rejects.toMatchObject({ status: 413, headers: { connection: "close" } });
    expect(counter.pulled).toBe(0);
  });

  it("cancels a stream at the first chunk past the cap", async () => {
    const counter = { pulled: 0 };
    await expect(readCappedBody(post(streamOf([40, 40, 40, 40, 40], counter)), 100)).rejects.toMatchObject({ status: 413 });
    expect(counter.pulled).toBe(120);
    // Exactly at the cap is fine.
    expect((await readCappedBody(post(streamOf([50, 50], { pulled: 0 })), 100)).byteLength).toBe(100);
  });
});
