/**
 * `compute`, memoised by its first argument: an object that lives as long as its results may
 * (a plan, an emit context, a header configuration), so the memo is a `WeakMap` and lets go of
 * both together. The other arguments are the ones that go with that object.
 */
export function perObject<K extends object, A extends unknown[], V>(compute: (key: K, ...rest: A) => V): (key: K, ...rest: A) => V {
  const memo = new WeakMap<K, V>();
  return (key, ...rest) => {
    if (!memo.has(key)) memo.set(key, compute(key, ...rest));
    return memo.get(key)!;
  };
}
