import { createDecoder } from '../../utils/decode';

const BASE = 'http://localhost:8082';

Page({
  data: { messages: [], busy: false, inputFound: false },

  onReady() {
    const input = this.selectComponent('#composer');
    this.setData({ inputFound: !!input && typeof input.clear === 'function' });
  },

  onSend(e) {
    const text = e.detail.text;
    const at = this.data.messages.length + 1;
    this.setData({
      messages: this.data.messages.concat([
        { id: `m${at - 1}`, role: 'me', text },
        { id: `m${at}`, role: 'bot', text: '' },
      ]),
      busy: true,
    });
    const decoder = createDecoder();
    let reply = '';
    const task = wx.request({
      url: `${BASE}/api/chat/miniapp-stream`,
      method: 'POST',
      header: { 'content-type': 'application/x-www-form-urlencoded' },
      data: { message: text, userId: 'component-chat' },
      enableChunked: true,
      responseType: 'arraybuffer',
      complete: () => this.setData({ busy: false }),
    });
    task.onChunkReceived((res) => {
      reply += decoder.write(res.data);
      this.setData({ [`messages[${at}].text`]: reply });
    });
  },
});
