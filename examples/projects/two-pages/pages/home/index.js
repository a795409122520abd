Page({
  data: {
    topics: [
      { id: 'stream', title: '流式输出' },
      { id: 'retry', title: '断线重连' },
    ],
  },
  onLoad() { console.log('home onLoad'); },
  onShow() { console.log('home onShow'); },
  onReady() { console.log('home onReady'); },
  onHide() { console.log('home onHide'); },
  open(e) {
    const topic = e.currentTarget.dataset.topic || 'stream';
    wx.navigateTo({ url: `/pages/chat/index?topic=${topic}` });
  },
});
