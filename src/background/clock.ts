// Strictly increasing timestamps: messages are ordered by createdAt, and two created in the same
// millisecond must still keep their order.

export function createClock(now: () => number = Date.now): () => number {
  let last = 0;
  return () => {
    last = Math.max(now(), last + 1);
    return last;
  };
}
