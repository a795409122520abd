// The page stack's APIs: navigateTo (limit 10), redirectTo, navigateBack, reLaunch, switchTab,
// each with success/fail/complete or a Promise, run on a later turn as the platform does; a page
// navigating more than NAV_BURST times a second is stopped as a loop.
const MAX_PAGES = 10;
const NAV_BURST = 50;

export function makeNavigation({ realm, stack, scripts, tabPages, timers, warn, call, hrNow, ensureDefined, open, unload, hide, showTop }) {
  let navTimes = [];

  function parseUrl(url, from) {
    const [pathPart, queryPart = ''] = String(url).split('?');
    let route = pathPart.startsWith('/') ? pathPart.slice(1) : joinRoute(from, pathPart);
    route = route.replace(/\.html$/, '');
    const query = new realm.Object();
    for (const pair of queryPart.split('&')) {
      if (!pair) continue;
      const i = pair.indexOf('=');
      const k = i < 0 ? pair : pair.slice(0, i);
      query[decodeURIComponent(k)] = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1));
    }
    return { route, query };
  }

  function joinRoute(from, rel) {
    const parts = from ? from.split('/').slice(0, -1) : [];
    for (const seg of rel.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.' && seg !== '') parts.push(seg);
    }
    return parts.join('/');
  }

  function navigation(name, run) {
    return (opts = {}) => {
      const done = new realm.Promise((resolve, reject) => {
        timers.setTimeout(() => {
          const now = hrNow();
          navTimes = navTimes.filter((t) => now - t < 1).concat(now);
          let error = navTimes.length > NAV_BURST ? `too many navigations (${navTimes.length} within a second): is a page navigating in a loop?` : null;
          if (error === null) error = run(opts);
          const res = new realm.Object();
          res.errMsg = error === null ? `${name}:ok` : `${name}:fail ${error}`;
          if (error !== null) warn(res.errMsg);
          if (error === null && typeof opts.success === 'function') call(undefined, opts.success, [res], `${name} success`);
          if (error !== null && typeof opts.fail === 'function') call(undefined, opts.fail, [res], `${name} fail`);
          if (typeof opts.complete === 'function') call(undefined, opts.complete, [res], `${name} complete`);
          if (error === null) resolve(res);
          else reject(res);
        }, 0);
      });
      if (opts.success || opts.fail || opts.complete) {
        done.catch(() => {});
        return undefined;
      }
      done.catch(() => {}); // handled: a failed navigation is the page's to catch, not a crash
      return done;
    };
  }

  function target(opts, from) {
    if (typeof opts.url !== 'string' || !opts.url) return { error: 'parameter error: parameter.url should be String' };
    const { route, query } = parseUrl(opts.url, from);
    if (!scripts.pages.has(route)) return { error: `page "${route}" is not found` };
    if (!ensureDefined(route)) return { error: `page "${route}" failed to load` };
    return { route, query };
  }

  const topRoute = () => (stack.length ? stack[stack.length - 1].path : '');

  const nav = {
    // after the current setData calls (one turn of the logic layer's microtasks)
    nextTick: (fn) => {
      if (typeof fn === 'function') realm.Promise.resolve().then(() => call(undefined, fn, [], 'nextTick'));
    },
    navigateTo: navigation('navigateTo', (opts) => {
      const t = target(opts, topRoute());
      if (t.error) return t.error;
      if (tabPages.has(t.route)) return 'can not navigateTo a tabbar page';
      if (stack.length >= MAX_PAGES) return 'webview count limit exceed';
      if (stack.length) hide(stack[stack.length - 1]);
      open(t.route, t.query);
      return null;
    }),
    redirectTo: navigation('redirectTo', (opts) => {
      const t = target(opts, topRoute());
      if (t.error) return t.error;
      if (tabPages.has(t.route)) return 'can not redirectTo a tabbar page';
      if (stack.length) unload(stack.pop());
      open(t.route, t.query);
      return null;
    }),
    navigateBack: navigation('navigateBack', (opts) => {
      if (stack.length <= 1) return 'cannot navigate back at first page.';
      const delta = Math.max(1, Math.min(Number(opts.delta) || 1, stack.length - 1));
      for (let i = 0; i < delta; i++) unload(stack.pop());
      showTop();
      return null;
    }),
    reLaunch: navigation('reLaunch', (opts) => {
      const t = target(opts, topRoute());
      if (t.error) return t.error;
      while (stack.length) unload(stack.pop());
      open(t.route, t.query);
      return null;
    }),
    switchTab: navigation('switchTab', (opts) => {
      const t = target(opts, topRoute());
      if (t.error) return t.error;
      if (!tabPages.has(t.route)) return 'can not switch to no-tabBar page';
      if (Object.keys(t.query).length) return 'switchTab url can not contain query';
      while (stack.length) unload(stack.pop());
      open(t.route, t.query);
      return null;
    }),
  };

  return { nav, parseUrl };
}
