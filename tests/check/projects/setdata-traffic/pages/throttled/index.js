// Well-behaved: the text is kept in the page and shown at most every 200 ms, then once at the end.
const { streamReply } = require('../../utils/chat.js');
const EVERY_MS = 200;

Page({
  data: { chatList: [], inputValue: '' },

  onInput(e) {
    this.setData({ inputValue: e.detail.value });
  },

  send() {
    const text = this.data.inputValue;
    const i = this.data.chatList.length + 1;
    this.setData({
      chatList: this.data.chatList.concat([{ msgId: `u${i}`, type: 'user', text }, { msgId: `a${i}`, type: 'ai', text: '' }]),
      inputValue: '',
    });
    let reply = '';
    let timer = null;
    const show = () => {
      timer = null;
      this.setData({ [`chatList[${i}].text`]: reply });
    };
    streamReply(text, {
      onText: (more) => {
        reply += more;
        if (timer === null) timer = setTimeout(show, EVERY_MS);
      },
      onEnd: () => {
        if (timer !== null) clearTimeout(timer);
        show();
      },
    });
  },
});
