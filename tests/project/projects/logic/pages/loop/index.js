// a page that redirects to itself as soon as it loads: a navigation loop
Page({
  onLoad() {
    wx.redirectTo({ url: '/pages/loop/index' });
  },
});
