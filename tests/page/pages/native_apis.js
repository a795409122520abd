// A chat page written the way WeChat's docs teach, calling the native APIs issue 21 lists.
Page({
  data: { messages: [] },
  async onSend(text) {
    const lines = [];
    wx.setStorageSync('token', 't-42');
    lines.push(`token: ${wx.getStorageSync('token')}`);
    lines.push(`missing: "${wx.getStorageSync('nope')}"`);
    try {
      wx.setStorageSync(7, 'x');
    } catch (e) {
      lines.push(`throws: ${e.message}`);
    }
    wx.showLoading({ title: '思考中', mask: true });
    wx.setNavigationBarTitle({ title: '对方正在输入…' });
    wx.pageScrollTo({ scrollTop: 99999, duration: 0 });
    const info = wx.getSystemInfoSync();
    lines.push(`system: ${info.platform} ${info.windowWidth} ${info.SDKVersion}`);
    lines.push(`window: ${wx.getWindowInfo().statusBarHeight}`);
    const modal = await wx.showModal({ title: '继续？', content: '' });
    lines.push(`modal: ${modal.confirm} ${modal.errMsg}`);
    const net = await wx.getNetworkType();
    lines.push(`net: ${net.networkType}`);
    await new Promise((resolve) => wx.hideLoading({ complete: resolve }));
    const again = await wx.hideLoading().catch((e) => e.errMsg);
    lines.push(`hide again: ${again}`);
    const stored = await wx.getStorage({ key: 'token' });
    lines.push(`async: ${stored.data}`);
    wx.setStorageSync('when', new Date(86400000));
    wx.setStorageSync('nested', { at: new Date(0) });
    const when = wx.getStorageSync('when');
    lines.push(`date: ${when instanceof Date} ${when.getTime()} ${wx.getStorageSync('nested').at}`);
    this.setData({ messages: [{ id: 1, role: 'assistant', content: lines.join('\n') }] });
  },
});
