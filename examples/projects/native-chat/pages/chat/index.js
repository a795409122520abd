const config = require('../../config.js');
const { createUtf8Decoder } = require('../../utils/utf8.js');
const { createSseParser } = require('../../utils/sse.js');

const app = getApp();

Page({
  data: {
    chatList: [],
    inputValue: '',
    loading: false,
    scrollId: '',
  },

  onLoad() {
    wx.setNavigationBarTitle({ title: 'AI 助手' });
  },

  onInput(e) {
    this.setData({ inputValue: e.detail.value });
  },

  send() {
    const text = this.data.inputValue.trim();
    if (!text || this.data.loading) return;

    const chatList = this.data.chatList;
    const aiIndex = chatList.length + 1;
    const aiId = `msg${aiIndex}`;
    this.setData({
      chatList: chatList.concat([
        { msgId: `msg${chatList.length}`, type: 'user', text },
        { msgId: aiId, type: 'ai', text: '' },
      ]),
      inputValue: '',
      loading: true,
      scrollId: aiId,
    });
    wx.showLoading({ title: '思考中' });

    const header = { 'content-type': 'application/x-www-form-urlencoded' };
    const token = wx.getStorageSync('token');
    if (token) header.Authorization = `Bearer ${token}`;

    const decoder = createUtf8Decoder();
    let reply = '';
    let isEventStream = true;
    const show = (more) => {
      reply += more;
      this.setData({ [`chatList[${aiIndex}].text`]: reply, scrollId: aiId });
      wx.pageScrollTo({ scrollTop: 100000, duration: 0 });
    };
    const parser = createSseParser(({ event, data }) => {
      if (event === 'done' || data === '[DONE]') return;
      if (event === 'error') {
        wx.showToast({ title: '回复出错', icon: 'none' });
        return;
      }
      show(JSON.parse(data).text);
    });

    const task = wx.request({
      url: config.baseUrl + config.chatPath,
      method: 'POST',
      header,
      data: { message: text, userId: app.globalData.userId },
      enableChunked: true,
      responseType: 'arraybuffer',
      fail: (err) => {
        wx.showToast({ title: '网络错误', icon: 'none' });
        this.setData({ [`chatList[${aiIndex}].text`]: `请求失败：${err.errMsg}` });
      },
      complete: () => {
        wx.hideLoading();
        this.setData({ loading: false });
      },
    });
    task.onHeadersReceived((res) => {
      const header = res.header || {};
      const type = header['Content-Type'] || header['content-type'] || '';
      isEventStream = type.indexOf('text/event-stream') >= 0;
    });
    task.onChunkReceived((res) => {
      const more = decoder.write(res.data);
      if (!more) return;
      if (isEventStream) parser.push(more);
      else show(more);
    });
  },
});
