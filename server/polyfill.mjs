// Object.groupBy is Node >= 21; chevrotain 13 (under langium 4.4) calls it and VS Code 1.100
// runs Node 20. Installed once, before anything from langium is loaded.
if (typeof Object.groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value(items, keyOf) {
      const groups = Object.create(null);
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        (groups[key] ??= []).push(item);
      }
      return groups;
    },
  });
}
