// Answers the first message only; later messages get the user bubble and no reply.
Page({
  data: { messages: [] },
  onSend(text) {
    const messages = [...this.data.messages, { id: `u${this.data.messages.length}`, role: 'user', content: text }];
    if (messages.length === 1) messages.push({ id: 'a0', role: 'assistant', content: 'only once' });
    this.setData({ messages });
  },
});
