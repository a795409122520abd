const a = require('../../lib/a');
const { made } = require('../../lib/uses_esm');
const tiny = require('tiny');

Page({
  data: { cycle: a.fromB, esm: made, order: [], npm: tiny.hello('npm') },
  onLoad(query) {
    getApp().globalData.order.push('index.onLoad:' + (query.from || ''));
  },
  onShow() { getApp().globalData.order.push('index.onShow'); },
  onReady() {
    getApp().globalData.order.push('index.onReady');
    this.setData({ order: getApp().globalData.order.slice() });
  },
  onHide() { getApp().globalData.order.push('index.onHide'); },
  missing() {
    require('./nothing-here');
  },
  huge() {
    this.setData({ big: 'x'.repeat(1100 * 1024) });
  },
  tooMany() {
    let n = 0;
    const next = () => {
      n += 1;
      wx.navigateTo({ url: '/pages/second/index?n=' + n, success: next, fail: (res) => this.setData({ navFail: res.errMsg, depth: getCurrentPages().length }) });
    };
    next();
  },
  loop() {
    wx.navigateTo({ url: '/pages/loop/index' });
  },
  withCallback() {
    this.setData({ step: 1 }, () => this.setData({ afterApplied: true }));
  },
  paths() {
    this.setData({ 'deep.list[2].x': 1, 'deep.name': 'n' });
  },
  onTyped(e) {
    return e.detail.value.toUpperCase(); // a bindinput handler's string replaces the value
  },
  onMasked(e) {
    return { value: e.detail.value.replace(/\d/g, '*'), cursor: 1 }; // the object form
  },
  ticks() {
    const seen = [];
    wx.nextTick(() => seen.push('tick'));
    seen.push('sync');
    setTimeout(() => this.setData({ ticks: seen }), 0);
  },
  toasts() {
    for (let i = 0; i < 100; i++) wx.showToast({ title: `t${i}`, icon: 'none' });
    this.setData({ toasted: true });
  },
  asComponent() {
    wx.navigateTo({ url: '/pages/comp/index?title=hi&count=3' });
  },
});
