import os from "node:os";
import { availableMemory, sharedBuffersFor } from "../../src/platform/database/embedded-postgres";

const GiB = 2 ** 30;

describe("the embedded PostgreSQL's shared_buffers", () => {
  it("is a quarter of the machine's memory", () => {
    expect(sharedBuffersFor(4 * GiB)).toBe("1024MB");
    expect(sharedBuffersFor(6 * GiB)).toBe("1536MB");
  });

  it("stays at 2 GB on a large machine, whose memory the platform's processes share", () => {
    expect(sharedBuffersFor(8 * GiB)).toBe("2048MB");
    expect(sharedBuffersFor(24 * GiB)).toBe("2048MB");
  });

  it("never goes below PostgreSQL's own default of 128 MB", () => {
    expect(sharedBuffersFor(256 * 2 ** 20)).toBe("128MB");
    expect(sharedBuffersFor(1 * GiB)).toBe("256MB");
  });
});

describe("the memory the embedded PostgreSQL is sized from", () => {
  const constrained = process.constrainedMemory;
  afterEach(() => {
    process.constrainedMemory = constrained;
  });

  it("is a container's limit when that is below the machine's memory", () => {
    process.constrainedMemory = () => 1 * GiB;
    expect(availableMemory()).toBe(Math.min(1 * GiB, os.totalmem()));
  });

  it("is the machine's memory when no limit is known, or the limit is above it", () => {
    process.constrainedMemory = () => 0;
    expect(availableMemory()).toBe(os.totalmem());
    process.constrainedMemory = (() => undefined) as unknown as typeof process.constrainedMemory;
    expect(availableMemory()).toBe(os.totalmem());
    process.constrainedMemory = () => 2 ** 62;
    expect(availableMemory()).toBe(os.totalmem());
  });
});
