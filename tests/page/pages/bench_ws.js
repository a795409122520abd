// Benchmark page: the raw WebSocket reply straight into setData, one call per frame.
Page({
  data: { messages: [] },
  onLoad() {
    this.socket = wx.connectSocket({ url: 'ws://localhost:8082/ws/chat' });
    this.open = new Promise((resolve) => this.socket.onOpen(resolve));
  },
  async onSend(text) {
    await this.open;
    const i = this.data.messages.length;
    this.setData({ messages: [...this.data.messages, { id: i, role: 'assistant', content: '' }] });
    let reply = '';
    return new Promise((resolve) => {
      this.socket.onMessage(({ data }) => {
        if (data === '[DONE]') return resolve();
        reply += data;
        this.setData({ [`messages[${i}].content`]: reply });
      });
      this.socket.send({ data: JSON.stringify({ message: text, userId: 'bench' }) });
    });
  },
});
