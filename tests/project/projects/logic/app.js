App({
  globalData: { order: [] },
  onLaunch() { this.globalData.order.push('app.onLaunch'); },
  onShow() { this.globalData.order.push('app.onShow'); },
  onError(msg) { this.globalData.lastError = msg; },
});
