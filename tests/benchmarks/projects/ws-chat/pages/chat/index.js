// Benchmark page: the raw WebSocket reply straight into setData, one call per frame.
Page({
  data: { list: [], draft: '' },
  onLoad() {
    this.socket = wx.connectSocket({ url: 'ws://localhost:8082/ws/chat' });
    this.socket.onMessage(({ data }) => {
      if (data === '[DONE]') return;
      this.reply += data;
      this.setData({ [`list[${this.at}].text`]: this.reply });
    });
  },
  onDraft(e) {
    this.setData({ draft: e.detail.value });
  },
  send() {
    this.at = this.data.list.length + 1;
    this.reply = '';
    this.setData({
      list: this.data.list.concat([{ id: `q${this.at}`, text: this.data.draft }, { id: `a${this.at}`, text: '' }]),
      draft: '',
    });
    this.socket.send({ data: JSON.stringify({ message: this.data.draft || 'bench', userId: 'bench' }) });
  },
});
