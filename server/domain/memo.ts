// Values computed once per object and kept as long as it lives. The keys are AST roots and
// diagram graphs, which an edit replaces rather than changes, so a value can never be stale.

export function memoizedByObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return key => {
    let value = values.get(key);
    if (value === undefined) {
      value = compute(key);
      values.set(key, value);
    }
    return value;
  };
}
