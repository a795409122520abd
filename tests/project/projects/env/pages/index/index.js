const NAMES = ['TextDecoder', 'TextEncoder', 'window', 'document', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'WebAssembly', 'atob', 'btoa', 'URL', 'URLSearchParams', 'structuredClone', 'queueMicrotask', 'AbortController', 'process', 'Buffer', 'require', 'global', 'setImmediate', 'wx', 'App', 'Page', 'Component', 'Behavior', 'getApp', 'getCurrentPages', 'setTimeout', 'console'];
Page({
  data: { seen: {} },
  onLoad() {
    const seen = {};
    NAMES.forEach((n) => { seen[n] = typeof globalThis[n]; });
    seen.wxNotOnPlatform = typeof wx.definitelyNotAnApi;
    seen.wxOnPlatformNotEmulated = typeof wx.getLocation;
    this.setData({ seen });
    try {
      import('./x.js').catch((e) => this.setData({ dynamic: e.message }));
    } catch (e) {
      this.setData({ dynamic: e.message });
    }
  },
});
