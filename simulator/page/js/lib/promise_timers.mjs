// iOS <= 15 (a what-if, check's `ios15-promise-timers`): the base library's Promise runs
// then/catch/finally callbacks as timers (macrotasks), so they run after pending timers and
// callbacks, not before them. `await` keeps the engine's own microtasks (it does not call the
// patched `then`). `PromiseCtor` is the page's realm's Promise (project mode's logic layer
// runs in its own vm context); `realSetTimeout` is an uncounted timer.
export function promiseCallbacksAsTimers(PromiseCtor, realSetTimeout) {
  const nativeThen = PromiseCtor.prototype.then;
  const later = (fn) => (typeof fn !== 'function' ? fn : (value) => new PromiseCtor((resolve, reject) => {
    realSetTimeout(() => {
      try {
        resolve(fn(value));
      } catch (err) {
        reject(err);
      }
    }, 0);
  }));
  PromiseCtor.prototype.then = function then(onFulfilled, onRejected) {
    return nativeThen.call(this, later(onFulfilled), later(onRejected));
  };
}
