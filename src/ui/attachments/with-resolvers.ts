// Promise.withResolvers for Chrome 116–118 (the manifest's minimum) and Node 20 (the tests):
// PDF.js calls it in the page and in its worker. Imported before PDF.js in both.
type WithResolvers = <T>() => {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const promise = Promise as unknown as { withResolvers?: WithResolvers };
if (typeof promise.withResolvers !== 'function') {
  promise.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const p = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise: p, resolve, reject };
  };
}

export {};
