// The reply's bubble is made in a Promise callback (after a store update, say) and the request
// starts from a 0 ms timer that takes the bubble for granted: right wherever Promise callbacks
// are microtasks, a TypeError where they run as timers (the iOS <= 15 what-if).
const { streamReply } = require('../../utils/chat.js');

Page({
  data: { chatList: [], inputValue: '' },

  onInput(e) {
    this.setData({ inputValue: e.detail.value });
  },

  send() {
    const text = this.data.inputValue;
    this.setData({ inputValue: '' });
    this.bubble = null;
    Promise.resolve(this.data.chatList.length).then((n) => {
      this.bubble = { index: n + 1, text: '' };
      this.setData({ chatList: this.data.chatList.concat([{ msgId: `u${n}`, type: 'user', text }, { msgId: `a${n}`, type: 'ai', text: '' }]) });
    });
    setTimeout(() => {
      const bubble = this.bubble;
      const path = `chatList[${bubble.index}].text`;
      streamReply(text, {
        onText: (more) => {
          bubble.text += more;
          this.setData({ [path]: bubble.text });
        },
        onEnd: () => {},
      });
    }, 0);
  },
});
