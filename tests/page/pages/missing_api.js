Page({
  data: { messages: [] },
  onSend(text) {
    return new Promise((resolve) => {
      wx.getLocation({
        type: 'gcj02',
        fail: (res) => this.setData({ messages: [{ id: 1, role: 'assistant', content: res.errMsg }] }),
        complete: () => resolve(),
      });
    });
  },
});
