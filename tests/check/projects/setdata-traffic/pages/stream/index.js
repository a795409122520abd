// As many chat pages are written: every chunk sets the whole reply so far.
const { streamReply } = require('../../utils/chat.js');

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
    streamReply(text, {
      onText: (more) => {
        reply += more;
        this.setData({ [`chatList[${i}].text`]: reply });
      },
      onEnd: () => {},
    });
  },
});
