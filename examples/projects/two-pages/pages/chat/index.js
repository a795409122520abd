// The chat page of a topic: the reply is fetched with a chunked request and decoded by hand.
function utf8(bytes, carry) {
  const all = carry.concat(Array.prototype.slice.call(new Uint8Array(bytes)));
  let text = '';
  let i = 0;
  while (i < all.length) {
    const b = all[i];
    const n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    if (i + n > all.length) break;
    let c = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) c = (c << 6) | (all[i + k] & 0x3f);
    text += String.fromCodePoint(c);
    i += n;
  }
  return { text, carry: all.slice(i) };
}

Page({
  data: { topic: '', question: '', answer: '', asking: false },

  onLoad(query) {
    console.log('chat onLoad', query.topic);
    getApp().globalData.visits += 1;
    this.setData({ topic: query.topic });
    wx.setNavigationBarTitle({ title: `话题：${query.topic}` });
  },
  onShow() { console.log('chat onShow'); },
  onReady() { console.log('chat onReady', getCurrentPages().length); },
  onUnload() { console.log('chat onUnload'); },

  onQuestion(e) {
    this.setData({ question: e.detail.value });
  },

  ask() {
    const message = `${this.data.topic}: ${this.data.question}`;
    this.setData({ asking: true, answer: '' });
    let carry = [];
    let answer = '';
    const task = wx.request({
      url: 'http://localhost:8082/api/chat/miniapp-stream',
      method: 'POST',
      header: { 'content-type': 'application/x-www-form-urlencoded' },
      data: { message, userId: 'two-pages' },
      enableChunked: true,
      responseType: 'arraybuffer',
      complete: () => {
        this.setData({ asking: false });
        // how tall the answer grew, as chat pages measure before scrolling
        this.createSelectorQuery()
          .select('.answer')
          .boundingClientRect((rect) => this.setData({ answerMeasured: !!rect }))
          .exec();
      },
    });
    task.onChunkReceived((res) => {
      const out = utf8(res.data, carry);
      carry = out.carry;
      answer += out.text;
      this.setData({ answer });
    });
  },

  back() {
    wx.navigateBack();
  },
});
