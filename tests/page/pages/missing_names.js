// Platform APIs we do not emulate vs names the platform does not have (issue 21).
Page({
  data: { messages: [] },
  async onSend(text) {
    const lines = [];
    lines.push(`typeof wx.TextDecoder: ${typeof wx.TextDecoder}`);
    lines.push(`'getLocation' in wx: ${'getLocation' in wx}, 'fooBar' in wx: ${'fooBar' in wx}`);
    try {
      wx.fooBar({});
    } catch (e) {
      lines.push(`calling a non-API: ${e.name}`);
    }
    wx.getLocation({ type: 'gcj02' }); // fire and forget: no unhandled rejection
    wx.getLocation();
    const caught = await wx.getLocation().catch((e) => e.errMsg);
    lines.push(`awaited: ${caught}`);
    lines.push(`sync: ${wx.getBatteryInfoSync()}`);
    wx.onKeyboardHeightChange(() => {});
    this.setData({ messages: [{ id: 1, role: 'assistant', content: lines.join('\n') }] });
  },
});
