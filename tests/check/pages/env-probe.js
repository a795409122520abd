// Reports what the page's world is: TextDecoder's type, and whether a Promise callback runs
// before a 0 ms timer.
Page({
  data: { messages: [] },
  onSend() {
    const order = [];
    return new Promise((resolve) => {
      setTimeout(() => order.push('timer'), 0);
      Promise.resolve().then(() => order.push('then'));
      setTimeout(() => {
        const content = `${typeof TextDecoder}|${order.join(',')}`;
        this.setData({ messages: [{ id: 1, role: 'assistant', content }] });
        resolve();
      }, 20);
    });
  },
});
