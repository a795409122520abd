Page({
  data: { messages: [] },
  onSend(text) {
    const ok = wx.canIUse('RequestTask.onChunkReceived');
    this.setData({ messages: [{ id: 1, role: 'assistant', content: 'chunked:' + ok }] });
  },
});
