// Component and Behavior definitions as the framework keeps them: properties (types, defaults,
// coercion), data, methods, observers, lifetimes, pageLifetimes, with behaviours merged in.
export function makeDefinitions(realm) {
  const clone = (v) => (v === undefined ? undefined : realm.JSON.parse(JSON.stringify(v)));
  const BEHAVIOR = Symbol('behavior');
  function normalize(o) {
    const def = { properties: {}, data: {}, methods: {}, observers: [], lifetimes: {}, pageLifetimes: {}, options: o.options || {}, externalClasses: o.externalClasses || [], exportFn: null };
    const addLife = (into, name, fn) => {
      if (typeof fn === 'function') (into[name] = into[name] || []).push(fn);
    };
    for (const b of o.behaviors || []) {
      if (typeof b === 'string') continue; // wx://form-field and friends: built-in behaviours
      if (!b || !b[BEHAVIOR]) continue;
      Object.assign(def.properties, b.properties);
      Object.assign(def.data, b.data);
      Object.assign(def.methods, b.methods);
      def.observers.push(...b.observers);
      for (const k of Object.keys(b.lifetimes)) for (const fn of b.lifetimes[k]) addLife(def.lifetimes, k, fn);
      for (const k of Object.keys(b.pageLifetimes)) for (const fn of b.pageLifetimes[k]) addLife(def.pageLifetimes, k, fn);
    }
    for (const [name, spec] of Object.entries(o.properties || {})) def.properties[name] = propSpec(spec);
    Object.assign(def.data, o.data || {});
    Object.assign(def.methods, o.methods || {});
    for (const [paths, fn] of Object.entries(o.observers || {})) {
      if (typeof fn === 'function') def.observers.push({ paths: paths.split(',').map((p) => p.trim()), fn });
    }
    const lifetimes = o.lifetimes || {};
    for (const k of ['created', 'attached', 'ready', 'moved', 'detached', 'error']) addLife(def.lifetimes, k, lifetimes[k] || o[k]);
    const pl = o.pageLifetimes || {};
    for (const k of ['show', 'hide', 'resize', 'routeDone']) addLife(def.pageLifetimes, k, pl[k]);
    if (typeof o.export === 'function') def.exportFn = o.export;
    return def;
  }

  function propSpec(spec) {
    if (typeof spec === 'function' || spec === null) return { type: spec, value: defaultFor(spec), observer: null };
    const type = spec.type === undefined ? null : spec.type;
    return { type, value: 'value' in spec ? spec.value : defaultFor(type), observer: spec.observer || null };
  }

  function defaultFor(type) {
    switch (type) {
      case realm.String: return '';
      case realm.Number: return 0;
      case realm.Boolean: return false;
      case realm.Array: return [];
      default: return null;
    }
  }

  function coerce(spec, value) {
    if (value === null || value === undefined) return clone(spec.value) ?? spec.value;
    if (spec.type === realm.Number && typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return Number(value);
    if (spec.type === realm.String && typeof value !== 'string') return String(value);
    if (spec.type === realm.Boolean && typeof value !== 'boolean') return Boolean(value);
    return value;
  }

  return { normalize, coerce, BEHAVIOR };
}
