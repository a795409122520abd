Page({
  data: { messages: [] },
  onSend(text) {
    this.setData({ messages: [ { id: 1, role: 'user', content: text } });
  },
});
