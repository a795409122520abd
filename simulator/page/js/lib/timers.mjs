// Timers page code gets: counted, so the host knows when the page has gone quiet, and guarded,
// so a throw in a callback is reported as the page's error instead of killing the process.
export function makeTimers({ post, guarded }) {
  const real = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
  };
  let pending = 0;
  const live = new Set();
  function changed(before) {
    if ((before === 0) !== (pending === 0)) post({ t: 'timers', n: pending });
  }
  function forget(handle) {
    if (live.delete(handle)) {
      const before = pending--;
      changed(before);
    }
  }
  function setTimeout(fn, ms, ...args) {
    const before = pending++;
    let handle = null;
    handle = real.setTimeout(() => {
      forget(handle);
      if (typeof fn === 'function') guarded(fn, 'setTimeout')(...args);
    }, ms);
    live.add(handle);
    changed(before);
    return handle;
  }
  function clearTimeout(handle) {
    forget(handle);
    real.clearTimeout(handle);
  }
  function setInterval(fn, ms, ...args) {
    const before = pending++;
    const handle = real.setInterval(guarded(fn, 'setInterval'), ms, ...args);
    live.add(handle);
    changed(before);
    return handle;
  }
  function clearInterval(handle) {
    forget(handle);
    real.clearInterval(handle);
  }
  return { setTimeout, clearTimeout, setInterval, clearInterval, real, pending: () => pending };
}
